package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/switchboard/switchboard/integrations/voice/audio"
)

// Script is how a handset behaves when it is called. The zero Script answers
// at once and stays silent until the other side hangs up.
type Script struct {
	// AnswerAfter is how long the handset rings before it answers.
	AnswerAfter time.Duration
	// Busy, NoAnswer and Fail end the call without answering: busy after a
	// short ring, no-answer when the ring timeout passes, failed at once
	// (an unreachable number).
	Busy     bool
	NoAnswer bool
	Fail     bool
	// Manual handsets ring until a person answers or declines them from the
	// console (or the ring timeout passes); AnswerAfter is ignored.
	Manual bool
	// HangupAfter hangs up this long after answering; 0 means never.
	HangupAfter time.Duration
	// Digits are pressed at the given times after answering.
	Digits []Digit
	// Say is spoken (espeak-ng) from SayAfter after answering.
	Say      string
	SayAfter time.Duration
	// ToneHz plays a continuous sine at this frequency (after Say, if both);
	// 0 means silence.
	ToneHz float64
	// DropAt closes the WebSocket without a stop event this long after
	// answering, as a network fault would; the handset reconnects
	// ReconnectAfter later with the same stream_sid (never, if 0).
	DropAt         time.Duration
	ReconnectAfter time.Duration
	// DuplicateCallbacks posts every status callback twice, with the same
	// event_id, as a carrier does that retries after a lost answer: the API
	// must apply each once.
	DuplicateCallbacks bool
	// DuplicateStop sends the stop event twice when the call ends.
	DuplicateStop bool
}

// Digit is one key press of a script.
type Digit struct {
	At    time.Duration
	Digit string
}

// scriptJSON is Script in the scripts file and the console API: durations
// are Go duration strings ("1.5s", "300ms").
type scriptJSON struct {
	AnswerAfter    string      `json:"answer_after,omitempty"`
	Busy           bool        `json:"busy,omitempty"`
	NoAnswer       bool        `json:"no_answer,omitempty"`
	Fail           bool        `json:"fail,omitempty"`
	Manual         bool        `json:"manual,omitempty"`
	HangupAfter    string      `json:"hangup_after,omitempty"`
	Digits         []digitJSON `json:"digits,omitempty"`
	Say            string      `json:"say,omitempty"`
	SayAfter       string      `json:"say_after,omitempty"`
	ToneHz         float64     `json:"tone_hz,omitempty"`
	DropAt         string      `json:"drop_at,omitempty"`
	ReconnectAfter string      `json:"reconnect_after,omitempty"`
	DupCallbacks   bool        `json:"duplicate_callbacks,omitempty"`
	DupStop        bool        `json:"duplicate_stop,omitempty"`
}

type digitJSON struct {
	At    string `json:"at"`
	Digit string `json:"digit"`
}

func fmtDur(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

// MarshalJSON writes durations as Go duration strings.
func (s Script) MarshalJSON() ([]byte, error) {
	j := scriptJSON{
		AnswerAfter: fmtDur(s.AnswerAfter), Busy: s.Busy, NoAnswer: s.NoAnswer, Fail: s.Fail, Manual: s.Manual,
		HangupAfter: fmtDur(s.HangupAfter), Say: s.Say, SayAfter: fmtDur(s.SayAfter), ToneHz: s.ToneHz,
		DropAt: fmtDur(s.DropAt), ReconnectAfter: fmtDur(s.ReconnectAfter),
		DupCallbacks: s.DuplicateCallbacks, DupStop: s.DuplicateStop,
	}
	for _, d := range s.Digits {
		j.Digits = append(j.Digits, digitJSON{At: d.At.String(), Digit: d.Digit})
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads durations as Go duration strings and validates.
func (s *Script) UnmarshalJSON(b []byte) error {
	var j scriptJSON
	// Strict: a misspelt field would otherwise leave a handset doing
	// something else than its author meant, silently.
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return fmt.Errorf("script: %w", err)
	}
	var out Script
	var err error
	parse := func(name, v string) time.Duration {
		if v == "" || err != nil {
			return 0
		}
		d, perr := time.ParseDuration(v)
		if perr != nil {
			err = fmt.Errorf("script %s: %w", name, perr)
		}
		return d
	}
	out.AnswerAfter = parse("answer_after", j.AnswerAfter)
	out.HangupAfter = parse("hangup_after", j.HangupAfter)
	out.SayAfter = parse("say_after", j.SayAfter)
	out.DropAt = parse("drop_at", j.DropAt)
	out.ReconnectAfter = parse("reconnect_after", j.ReconnectAfter)
	for _, d := range j.Digits {
		out.Digits = append(out.Digits, Digit{At: parse("digits.at", d.At), Digit: d.Digit})
	}
	if err != nil {
		return err
	}
	out.Busy, out.NoAnswer, out.Fail, out.Manual = j.Busy, j.NoAnswer, j.Fail, j.Manual
	out.Say, out.ToneHz = j.Say, j.ToneHz
	out.DuplicateCallbacks, out.DuplicateStop = j.DupCallbacks, j.DupStop
	if err := out.Validate(); err != nil {
		return err
	}
	*s = out
	return nil
}

// Validate refuses scripts that cannot run.
func (s Script) Validate() error {
	n := 0
	for _, b := range []bool{s.Busy, s.NoAnswer, s.Fail, s.Manual} {
		if b {
			n++
		}
	}
	if n > 1 {
		return fmt.Errorf("script: at most one of busy, no_answer, fail and manual")
	}
	for _, d := range []time.Duration{s.AnswerAfter, s.HangupAfter, s.SayAfter, s.DropAt, s.ReconnectAfter} {
		if d < 0 || d > 24*time.Hour {
			return fmt.Errorf("script: duration %s out of range", d)
		}
	}
	if s.ToneHz < 0 || s.ToneHz >= 4000 {
		return fmt.Errorf("script: tone_hz %g must be in [0, 4000)", s.ToneHz)
	}
	for _, d := range s.Digits {
		if !validDigits(d.Digit) || len(d.Digit) != 1 {
			return fmt.Errorf("script: digit %q is not one of 0-9*#A-D", d.Digit)
		}
		if d.At < 0 {
			return fmt.Errorf("script: digit at %s", d.At)
		}
	}
	// The handset speaks it with audio.Speaker, which refuses more.
	if len(s.Say) > audio.MaxSpeechBytes {
		return fmt.Errorf("script: say is over %d bytes", audio.MaxSpeechBytes)
	}
	return nil
}

func validDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9', c == '*', c == '#', c >= 'A' && c <= 'D':
		default:
			return false
		}
	}
	return true
}

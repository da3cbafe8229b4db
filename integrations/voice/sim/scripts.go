package sim

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Scripts is a scripts file: the handsets by number and the script of any
// other number.
//
//	{
//	  "default": {"answer_after": "1s"},
//	  "handsets": {
//	    "+15550100": {"manual": true},
//	    "+15550102": {"busy": true}
//	  }
//	}
type Scripts struct {
	Default  *Script           `json:"default,omitempty"`
	Handsets map[string]Script `json:"handsets"`
}

// ReadScripts decodes and validates a scripts file.
func ReadScripts(r io.Reader) (Scripts, error) {
	var s Scripts
	dec := json.NewDecoder(io.LimitReader(r, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Scripts{}, fmt.Errorf("read scripts: %w", err)
	}
	for n := range s.Handsets {
		if n == "" || len(n) > 32 {
			return Scripts{}, fmt.Errorf("read scripts: handset number %q must be 1 to 32 characters", n)
		}
	}
	return s, nil
}

// Demo numbers, one per behaviour, for `switchboard dev` and `switchboard
// sim` without a scripts file. Fixed, so docs and e2e tests can use them.
const (
	DemoManual   = "+15550100" // rings until a person answers in the console
	DemoSpeaker  = "+15550101" // answers after 1 s and says a sentence, then 1 kHz
	DemoBusy     = "+15550102"
	DemoNoAnswer = "+15550103"
	DemoFail     = "+15550104"
	DemoTone     = "+15550105" // answers after 500 ms and plays 440 Hz
)

// DemoScripts returns the demo handsets; any other number answers after a
// second and stays silent.
func DemoScripts() Scripts {
	return Scripts{
		Default: &Script{AnswerAfter: time.Second},
		Handsets: map[string]Script{
			DemoManual:   {Manual: true},
			DemoSpeaker:  {AnswerAfter: time.Second, Say: "Hello, this is the simulated customer. How can I help?", ToneHz: 1000},
			DemoBusy:     {Busy: true},
			DemoNoAnswer: {NoAnswer: true},
			DemoFail:     {Fail: true},
			DemoTone:     {AnswerAfter: 500 * time.Millisecond, ToneHz: 440},
		},
	}
}

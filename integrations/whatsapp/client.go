package whatsapp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	// DefaultBaseURL is the Graph API.
	DefaultBaseURL = "https://graph.facebook.com"
	// DefaultAPIVersion is the Graph API version used when Client has none.
	// Meta retires each version about two years after release: configure a
	// newer one rather than relying on this default for long.
	DefaultAPIVersion = "v21.0"
	// MaxTextLen is the longest text body Meta accepts, in characters.
	MaxTextLen = 4096
)

const (
	// maxResponseBody bounds what is read of a Graph API response; real
	// answers to a send are a few hundred bytes.
	maxResponseBody = 1 << 20
	// maxTemplateParamLen is a sanity cap on a body parameter; Meta's own
	// limit depends on the template.
	maxTemplateParamLen = 4096
	// maxHeaderParamLen is Meta's limit on a text header, variable included.
	maxHeaderParamLen = 60
	// maxTemplateNameLen is Meta's limit on a template name.
	maxTemplateNameLen = 512
)

// defaultHTTP is used when Client.HTTP is nil. http.DefaultClient has no
// timeout, and a job must not hang on a stalled connection.
var defaultHTTP = &http.Client{Timeout: 30 * time.Second}

// Client sends messages through the WhatsApp Cloud API. The zero value is
// not usable: AccessToken is required. A Client is safe for concurrent use
// if its fields are not changed while in use.
type Client struct {
	// BaseURL defaults to DefaultBaseURL; tests point it at a whatsapptest
	// server.
	BaseURL string
	// APIVersion ("v21.0") defaults to DefaultAPIVersion.
	APIVersion string
	// AccessToken is a system user token with whatsapp_business_messaging.
	AccessToken string
	// HTTP defaults to a client with a 30 s timeout. The context passed to
	// each send bounds it further.
	HTTP *http.Client
}

// SendOpts are optional settings of [Client.SendText].
type SendOpts struct {
	// ReplyTo is the wamid of the message this one quotes.
	ReplyTo string
	// PreviewURL asks WhatsApp to render a preview of the first URL.
	PreviewURL bool
}

// Template is an approved message template and the values of its
// variables. Templates are the only messages allowed outside the 24-hour
// window.
type Template struct {
	// Name is the template's name: lower-case letters, digits, '_'.
	Name string
	// Language is the code the template was approved in, e.g. "en_US".
	Language string
	// Components fill the template's variables.
	Components []TemplateComponent
}

// TemplateComponent fills the variables of the header or the body.
type TemplateComponent struct {
	// Type is "header" or "body".
	Type string
	// Parameters are the values, in the order of {{1}}, {{2}}, ... for a
	// template with positional variables.
	Parameters []TemplateParameter
}

// TemplateParameter is one text value.
type TemplateParameter struct {
	// Name is the variable's name for a template with named variables
	// ({{first_name}}); leave it empty for positional ones.
	Name string
	// Text is the value. Meta refuses newlines, tabs and runs of more than
	// four spaces in it.
	Text string
}

// SendText sends a free-form text message to the WhatsApp user to (E.164
// digits without '+') from the business number phoneNumberID and returns
// its wamid. Outside the 24-hour window it fails with an error matching
// ErrOutsideWindow, or, as the Cloud API usually does, succeeds and is
// later reported failed in a status webhook (see [StatusUpdate.Err]).
func (c *Client) SendText(ctx context.Context, phoneNumberID, to, body string, opts *SendOpts) (string, error) {
	if opts == nil {
		opts = &SendOpts{}
	}
	if err := validateRecipient(phoneNumberID, to); err != nil {
		return "", fmt.Errorf("send whatsapp text: %w", err)
	}
	if err := validateText(body); err != nil {
		return "", fmt.Errorf("send whatsapp text: %w", err)
	}
	if opts.ReplyTo != "" && !validID(opts.ReplyTo) {
		return "", fmt.Errorf("send whatsapp text: %w", invalidf("reply-to is not a message id"))
	}
	req := sendRequest{
		MessagingProduct: "whatsapp",
		RecipientType:    "individual",
		To:               to,
		Type:             "text",
		Text:             &textObject{Body: body, PreviewURL: opts.PreviewURL},
	}
	if opts.ReplyTo != "" {
		req.Context = &contextObject{MessageID: opts.ReplyTo}
	}
	id, err := c.send(ctx, phoneNumberID, req)
	if err != nil {
		return "", fmt.Errorf("send whatsapp text: %w", err)
	}
	return id, nil
}

// SendTemplate sends an approved template to to (E.164 digits without '+')
// from phoneNumberID and returns its wamid. It is allowed at any time.
func (c *Client) SendTemplate(ctx context.Context, phoneNumberID, to string, t Template) (string, error) {
	if err := validateRecipient(phoneNumberID, to); err != nil {
		return "", fmt.Errorf("send whatsapp template: %w", err)
	}
	tmpl, err := buildTemplate(t)
	if err != nil {
		return "", fmt.Errorf("send whatsapp template: %w", err)
	}
	id, err := c.send(ctx, phoneNumberID, sendRequest{
		MessagingProduct: "whatsapp",
		RecipientType:    "individual",
		To:               to,
		Type:             "template",
		Template:         tmpl,
	})
	if err != nil {
		return "", fmt.Errorf("send whatsapp template %s: %w", t.Name, err)
	}
	return id, nil
}

// send POSTs one message and returns its wamid.
func (c *Client) send(ctx context.Context, phoneNumberID string, msg sendRequest) (string, error) {
	endpoint, err := c.endpoint(phoneNumberID)
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(msg)
	if err != nil {
		return "", fmt.Errorf("encode request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(payload))
	if err != nil {
		return "", fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")

	httpClient := c.HTTP
	if httpClient == nil {
		httpClient = defaultHTTP
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("post message: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	if err != nil {
		return "", fmt.Errorf("read response: %w", err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", parseAPIError(resp.StatusCode, body)
	}
	var out sendResponse
	if err := json.Unmarshal(body, &out); err != nil {
		return "", fmt.Errorf("decode response: %w", err)
	}
	if len(out.Messages) == 0 || out.Messages[0].ID == "" {
		return "", fmt.Errorf("decode response: no message id in %q", clip(string(body), 256))
	}
	return out.Messages[0].ID, nil
}

func (c *Client) endpoint(phoneNumberID string) (string, error) {
	if c.AccessToken == "" {
		return "", invalidf("client has no access token")
	}
	base := c.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	version := c.APIVersion
	if version == "" {
		version = DefaultAPIVersion
	}
	if !validVersion(version) {
		return "", invalidf("api version %q is not like v21.0", version)
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", invalidf("base url %q is not an http(s) url", base)
	}
	// phoneNumberID is all digits (validateRecipient), so the path cannot
	// be steered elsewhere.
	return u.JoinPath(version, phoneNumberID, "messages").String(), nil
}

// parseAPIError turns a non-2xx answer into an *APIError, falling back to
// the raw body when it is not Graph's error JSON (a proxy's HTML page).
func parseAPIError(status int, body []byte) error {
	var env struct {
		Error *struct {
			Message      string          `json:"message"`
			Type         string          `json:"type"`
			Code         int             `json:"code"`
			Subcode      int             `json:"error_subcode"`
			ErrorData    json.RawMessage `json:"error_data"`
			FBTraceID    string          `json:"fbtrace_id"`
			IsTransient  bool            `json:"is_transient"`
			ErrUserTitle string          `json:"error_user_title"`
			ErrUserMsg   string          `json:"error_user_msg"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &env) != nil || env.Error == nil {
		return &APIError{HTTPStatus: status, Message: clip(strings.TrimSpace(string(body)), 512)}
	}
	e := env.Error
	apiErr := &APIError{
		HTTPStatus: status,
		Code:       e.Code,
		Subcode:    e.Subcode,
		Type:       clip(e.Type, maxShortLen),
		Message:    clip(e.Message, maxTextLen),
		FBTraceID:  clip(e.FBTraceID, maxShortLen),
		Transient:  e.IsTransient,
	}
	// error_data is an object for WhatsApp errors but a string for some
	// older Graph errors.
	var data struct {
		Details string `json:"details"`
	}
	var dataStr string
	switch {
	case json.Unmarshal(e.ErrorData, &data) == nil && data.Details != "":
		apiErr.Details = clip(data.Details, maxTextLen)
	case json.Unmarshal(e.ErrorData, &dataStr) == nil:
		apiErr.Details = clip(dataStr, maxTextLen)
	case e.ErrUserMsg != "":
		apiErr.Details = clip(e.ErrUserMsg, maxTextLen)
	}
	return apiErr
}

func validateRecipient(phoneNumberID, to string) error {
	if !isDigits(phoneNumberID, 1, 32) {
		return invalidf("phone number id %q is not a numeric id", clip(phoneNumberID, 64))
	}
	// E.164: at most 15 digits; a country code and subscriber number make
	// at least 7. A leading zero is a national format.
	if !isDigits(to, 7, 15) || to[0] == '0' {
		return invalidf("recipient %q is not E.164 digits without '+'", clip(to, 64))
	}
	return nil
}

func validateText(body string) error {
	if strings.TrimSpace(body) == "" {
		return invalidf("text body is empty")
	}
	if !utf8.ValidString(body) {
		return invalidf("text body is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(body); n > MaxTextLen {
		return invalidf("text body has %d characters, over %d", n, MaxTextLen)
	}
	return nil
}

func buildTemplate(t Template) (*templateObject, error) {
	if t.Name == "" || len(t.Name) > maxTemplateNameLen || !isWord(t.Name, false) {
		return nil, invalidf("template name %q is not lower-case letters, digits and '_'", clip(t.Name, 64))
	}
	if len(t.Language) < 2 || len(t.Language) > 15 || !isWord(t.Language, true) {
		return nil, invalidf("template language %q is not a code like en_US", clip(t.Language, 64))
	}
	out := &templateObject{Name: t.Name, Language: languageObject{Code: t.Language}}
	seen := map[string]bool{}
	for _, comp := range t.Components {
		if comp.Type != "header" && comp.Type != "body" {
			return nil, invalidf("template component type %q is not header or body", clip(comp.Type, 64))
		}
		if seen[comp.Type] {
			return nil, invalidf("template has two %s components", comp.Type)
		}
		seen[comp.Type] = true
		if len(comp.Parameters) == 0 {
			// A component without variables needs no entry at all.
			continue
		}
		limit := maxTemplateParamLen
		if comp.Type == "header" {
			limit = maxHeaderParamLen
		}
		c := componentObject{Type: comp.Type}
		for i, p := range comp.Parameters {
			if err := validateParam(p, limit); err != nil {
				return nil, fmt.Errorf("template %s parameter %d: %w", comp.Type, i+1, err)
			}
			c.Parameters = append(c.Parameters, parameterObject{Type: "text", ParameterName: p.Name, Text: p.Text})
		}
		out.Components = append(out.Components, c)
	}
	return out, nil
}

func validateParam(p TemplateParameter, limit int) error {
	if p.Name != "" && !isWord(p.Name, false) {
		return invalidf("name %q is not lower-case letters, digits and '_'", clip(p.Name, 64))
	}
	if strings.TrimSpace(p.Text) == "" {
		return invalidf("text is empty")
	}
	if !utf8.ValidString(p.Text) {
		return invalidf("text is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(p.Text); n > limit {
		return invalidf("text has %d characters, over %d", n, limit)
	}
	// Meta answers 132018 for these; refusing here saves a round trip and
	// gives the caller a reason it can act on.
	if strings.ContainsAny(p.Text, "\n\t") || strings.Contains(p.Text, "     ") {
		return invalidf("text has a newline, a tab or more than four consecutive spaces")
	}
	return nil
}

// isWord reports whether s is ASCII letters (lower-case unless upper is
// allowed), digits and '_'.
func isWord(s string, upper bool) bool {
	for i := range len(s) {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
		case upper && c >= 'A' && c <= 'Z':
		default:
			return false
		}
	}
	return true
}

// validVersion accepts "v" followed by a major.minor number.
func validVersion(v string) bool {
	rest, ok := strings.CutPrefix(v, "v")
	if !ok {
		return false
	}
	major, minor, ok := strings.Cut(rest, ".")
	return ok && isDigits(major, 1, 4) && isDigits(minor, 1, 4)
}

// validID accepts a wamid-like token: printable ASCII, no spaces.
func validID(s string) bool {
	if s == "" || len(s) > maxIDLen {
		return false
	}
	for i := range len(s) {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// The send request and response, as the Cloud API spells them.
type (
	sendRequest struct {
		MessagingProduct string          `json:"messaging_product"`
		RecipientType    string          `json:"recipient_type"`
		To               string          `json:"to"`
		Type             string          `json:"type"`
		Context          *contextObject  `json:"context,omitempty"`
		Text             *textObject     `json:"text,omitempty"`
		Template         *templateObject `json:"template,omitempty"`
	}
	contextObject struct {
		MessageID string `json:"message_id"`
	}
	textObject struct {
		Body       string `json:"body"`
		PreviewURL bool   `json:"preview_url"`
	}
	templateObject struct {
		Name       string            `json:"name"`
		Language   languageObject    `json:"language"`
		Components []componentObject `json:"components,omitempty"`
	}
	languageObject struct {
		Code string `json:"code"`
	}
	componentObject struct {
		Type       string            `json:"type"`
		Parameters []parameterObject `json:"parameters"`
	}
	parameterObject struct {
		Type          string `json:"type"`
		ParameterName string `json:"parameter_name,omitempty"`
		Text          string `json:"text"`
	}
	sendResponse struct {
		Messages []struct {
			ID string `json:"id"`
		} `json:"messages"`
	}
)

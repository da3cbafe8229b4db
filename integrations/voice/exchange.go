package voice

import (
	"fmt"
	"io"
	"net/http"
)

// maxAPIAnswer bounds what a carrier client reads of one API answer.
const maxAPIAnswer = 1 << 20

// noRedirects is the client carriers' API calls use when none is given: a
// carrier API that redirects is misconfigured, and the request's credentials
// must not follow it elsewhere.
var noRedirects = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// Exchange sends a carrier API request (or a media node's call to the API)
// with hc (nil: a client that does not follow redirects) and returns the
// answer's status and at most 1 MiB of its body. A transport error is returned as it is, so that callers can tell an
// unreachable carrier (retry) from a refusal.
func Exchange(hc *http.Client, req *http.Request) (int, []byte, error) {
	if hc == nil {
		hc = noRedirects
	}
	resp, err := hc.Do(req) //nolint:gosec // G704: the URL is the carrier API the operator configured, not a tenant's input
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAPIAnswer))
	if err != nil {
		return 0, nil, fmt.Errorf("read answer: %w", err)
	}
	return resp.StatusCode, body, nil
}

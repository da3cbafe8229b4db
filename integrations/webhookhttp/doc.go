// Package webhookhttp is the HTTP half of outgoing webhooks: it signs
// requests the Standard Webhooks way (https://www.standardwebhooks.com) and
// sends them to tenant-typed URLs without letting those URLs reach our own
// networks.
//
// It knows nothing of tenants, events or the database. The webhooks domain
// package owns endpoints, secrets and the delivery job; this package gives it
// the pieces, and data moves through them like this:
//
//	tenant saves URL ---Guard.CheckURL---> stored endpoint
//	NewSecret -> "whsec_..." stored, shown once; ParseSecret -> key
//	delivery job: body, msg id, now --Headers--> signed request
//	  --Guard.Client.Do--> response --ReadCapped--> log snippet
//	  status --Classify--> Delivered | Retry | Failed | Gone
//	  error  --ClassifyError--> Retry | Failed
//
// # Signing
//
// [Sign] computes "v1," + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))
// and [Headers] puts it in webhook-signature next to webhook-id and
// webhook-timestamp (Unix seconds), so any Standard Webhooks library can
// verify what we send; a test pins the specification's published vector.
// The id stays the same across retries (receivers de-duplicate on it), the
// timestamp is the attempt's. To rotate a secret, sign with both keys and
// join the two signatures with a space; receivers accept either. [Verify] is
// the receiving side, for our own tests and example receivers: it accepts
// several keys and several signatures, compares in constant time, and only
// then checks the timestamp against a tolerance window.
//
// # Reaching tenant URLs safely
//
// A webhook URL is an SSRF hole: a tenant could point it at
// http://169.254.169.254/ (cloud credentials), at localhost, or at a name
// that resolves to an internal address only when we look it up. [Guard]
// closes it in three places. [Guard.CheckURL] refuses bad URLs and literal
// forbidden IPs when a URL is saved. The client from [Guard.Client] checks
// every request URL and redirect target again (at most 3 redirects, never
// https to http), and its dialer's Control function ([Guard.Control])
// checks the resolved address of every connection just before connect, which
// is the only check DNS rebinding cannot get around. IPv4-mapped, NAT64,
// 6to4 and Teredo spellings of forbidden IPv4 addresses are refused as well.
// Proxy environment variables are ignored for the same reason: through a
// proxy, the dial check would only ever see the proxy.
//
// Packages outside integrations should not build their own clients for
// tenant URLs; they should use [Guard.Client], or at least [Guard.Control] in
// their dialer.
package webhookhttp

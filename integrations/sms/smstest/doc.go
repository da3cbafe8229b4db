// Package smstest is a fake Twilio for tests and for Switchboard's dev-mode
// SMS simulator. It speaks Twilio's real wire formats, so the code under
// test is the production code, with only its base URL changed:
//
//   - it serves POST /2010-04-01/Accounts/{AccountSid}/Messages.json with
//     HTTP basic auth, validates like Twilio (21604 missing To, 21211
//     invalid To, 21603, 21602, 21617, …), answers 201 with a Message
//     resource whose sid is "SM" + 32 hex digits, and answers errors with
//     Twilio's JSON error body;
//   - it honours I-Twilio-Idempotency-Token: a repeated token returns the
//     first message and sends nothing new;
//   - it can be scripted to fail the next sends (FailNext), e.g. with 429 or
//     503, to exercise retries;
//   - it posts status callbacks (Deliver) and inbound messages (Inbound) to
//     webhook URLs, form-encoded and signed with X-Twilio-Signature exactly
//     as Twilio signs them, so webhook handlers are tested with their real
//     signature check switched on.
//
// In a test:
//
//	srv := smstest.NewServer(t, "", "")          // generated account SID and token
//	client := srv.Client()                        // an *sms.Client aimed at srv
//	sent, err := client.Send(ctx, sms.SendParams{From: "+15005550006", To: "+14155550100", Body: "hi",
//		StatusCallback: hook.URL + "/status"})
//	srv.WaitFor(t, 1, 5*time.Second)
//	resp := srv.Deliver(t, sent.SID, sms.StatusDelivered)
//	resp = srv.Inbound(t, hook.URL+"/sms", publicURL, "+14155550100", "+15005550006", "reply")
//
// The dev-mode simulator, which has no testing.TB, builds one with New,
// mounts it as an http.Handler, and uses the context-and-error variants
// (PostStatus, PostInbound, PostSigned).
package smstest

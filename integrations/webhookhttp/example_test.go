package webhookhttp_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/switchboard/switchboard/integrations/webhookhttp"
)

// The Standard Webhooks specification's own test vector.
func ExampleSign() {
	key, err := webhookhttp.ParseSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	if err != nil {
		panic(err)
	}
	sig := webhookhttp.Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	fmt.Println(sig)
	// Output: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=
}

// During a rotation the receiver holds both keys and the sender signs with
// both; either key alone is enough to verify.
func ExampleVerify() {
	oldKey, _ := webhookhttp.ParseSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	newKey, _ := webhookhttp.ParseSecret("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")

	sent := time.Unix(1_700_000_000, 0)
	body := []byte(`{"type":"call.ended","data":{"call_id":"c_1"}}`)
	h := webhookhttp.Headers(newKey, "msg_1", sent, body)
	h.Set(webhookhttp.HeaderSignature, h.Get(webhookhttp.HeaderSignature)+" "+webhookhttp.Sign(oldKey, "msg_1", sent, body))

	fmt.Println(webhookhttp.Verify([][]byte{oldKey}, h, body, sent.Add(time.Second), 0))
	err := webhookhttp.Verify([][]byte{oldKey}, h, body, sent.Add(time.Hour), 0)
	fmt.Println(errors.Is(err, webhookhttp.ErrTimestamp))
	// Output:
	// <nil>
	// true
}

func ExampleGuard_CheckURL() {
	var g webhookhttp.Guard // production: public addresses only
	for _, raw := range []string{
		"https://crm.example.com/hooks",
		"http://169.254.169.254/latest/meta-data/",
		"https://admin:pw@crm.example.com/",
	} {
		_, err := g.CheckURL(raw)
		fmt.Println(errors.Is(err, webhookhttp.ErrForbiddenTarget), errors.Is(err, webhookhttp.ErrInvalidURL))
	}
	// Output:
	// false false
	// true false
	// false true
}

func ExampleClassify() {
	for _, code := range []int{204, 410, 429, 404, 503} {
		fmt.Println(code, webhookhttp.Classify(code))
	}
	// Output:
	// 204 delivered
	// 410 gone
	// 429 retry
	// 404 failed
	// 503 retry
}

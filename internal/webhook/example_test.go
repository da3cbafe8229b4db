package webhook_test

import (
	"fmt"

	"github.com/switchboard/switchboard/internal/webhook"
)

// The published retry schedule: the wait after each failed attempt.
func ExampleRetryDelay() {
	for attempt := 1; attempt < webhook.MaxAttempts; attempt++ {
		fmt.Printf("after attempt %d: %s\n", attempt, webhook.RetryDelay(attempt))
	}
	fmt.Println("attempts in all:", webhook.MaxAttempts)
	// Output:
	// after attempt 1: 5s
	// after attempt 2: 5m0s
	// after attempt 3: 30m0s
	// after attempt 4: 2h0m0s
	// after attempt 5: 5h0m0s
	// after attempt 6: 10h0m0s
	// after attempt 7: 10h0m0s
	// attempts in all: 8
}

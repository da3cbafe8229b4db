package sim_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/sim"
)

// The API drives the simulated network with the ivrbridge client that
// Server.Carrier returns, exactly as it would drive the real bridge.
func ExampleServer_Carrier() {
	network, err := sim.New(sim.Options{
		Secret:   []byte(strings.Repeat("s", 32)),
		Handsets: map[string]sim.Script{"+15550102": {Busy: true}},
		Logger:   slog.New(slog.DiscardHandler),
	})
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(network.Handler())
	defer func() { network.Close(); srv.Close() }()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	carrier := network.Carrier(srv.URL)
	leg, err := carrier.Dial(ctx, voice.DialParams{From: "+15550000", To: "+15550102", StreamURL: "wss://media.example/v1/stream"})
	if err != nil {
		panic(err)
	}
	info, err := network.WaitStatus(ctx, "+15550102", voice.StatusBusy)
	if err != nil {
		panic(err)
	}
	fmt.Println(carrier.Name(), leg.Status, info.LastStatus, info.CallSID == leg.CarrierCallID)
	// Output: sim initiated busy true
}

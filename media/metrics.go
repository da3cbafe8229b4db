package media

import "github.com/prometheus/client_golang/prometheus"

// Collector exposes the node's counters to Prometheus: legs running, whether
// it drains, and frames in, out, dropped by the jitter buffer, refused
// upgrades and rejected events. It reads the same counters as Snapshot when
// scraped; the node keeps no metric state of its own.
func (n *Node) Collector() prometheus.Collector { return nodeCollector{n} }

type nodeCollector struct{ n *Node }

var (
	metricActive   = prometheus.NewDesc("switchboard_media_legs_active", "Legs the node is running, dropped legs waiting for a resume included.", nil, nil)
	metricDraining = prometheus.NewDesc("switchboard_media_draining", "1 while the node drains (takes no new legs).", nil, nil)
	metricFrames   = prometheus.NewDesc("switchboard_media_frames_total", "Audio frames, by direction: in from carriers, out to carriers, dropped by a full jitter buffer.", []string{"direction"}, nil)
	metricRefused  = prometheus.NewDesc("switchboard_media_refused_total", "Stream upgrades refused (bad token, draining, full, a second stream for a leg).", nil, nil)
	metricBad      = prometheus.NewDesc("switchboard_media_bad_events_total", "Carrier events rejected (malformed, unknown, out of order, odd-length audio).", nil, nil)
)

func (c nodeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{metricActive, metricDraining, metricFrames, metricRefused, metricBad} {
		ch <- d
	}
}

func (c nodeCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.n.Snapshot()
	draining := 0.0
	if c.n.Draining() {
		draining = 1
	}
	ch <- prometheus.MustNewConstMetric(metricActive, prometheus.GaugeValue, float64(c.n.Active()))
	ch <- prometheus.MustNewConstMetric(metricDraining, prometheus.GaugeValue, draining)
	ch <- prometheus.MustNewConstMetric(metricFrames, prometheus.CounterValue, float64(s.FramesIn), "in")
	ch <- prometheus.MustNewConstMetric(metricFrames, prometheus.CounterValue, float64(s.FramesOut), "out")
	ch <- prometheus.MustNewConstMetric(metricFrames, prometheus.CounterValue, float64(s.FramesDropped), "dropped")
	ch <- prometheus.MustNewConstMetric(metricRefused, prometheus.CounterValue, float64(s.Refused))
	ch <- prometheus.MustNewConstMetric(metricBad, prometheus.CounterValue, float64(s.BadEvents))
}

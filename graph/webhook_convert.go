package graph

import (
	"strings"

	"github.com/switchboard/switchboard/graph/model"
	"github.com/switchboard/switchboard/internal/webhook"
)

func toWebhookEndpoint(e webhook.Endpoint) *model.WebhookEndpoint {
	out := &model.WebhookEndpoint{ID: globalID(typeWebhookEndpoint, e.ID), URL: e.URL, Description: e.Description,
		EventTypes: e.EventTypes, Enabled: e.Enabled, CreatedAt: e.CreatedAt}
	if out.EventTypes == nil {
		out.EventTypes = []string{}
	}
	if e.DisabledReason != "" {
		out.DisabledReason = &e.DisabledReason
	}
	return out
}

func toWebhookDelivery(d webhook.Delivery) *model.WebhookDelivery {
	out := &model.WebhookDelivery{ID: globalID(typeWebhookDelivery, d.ID), MessageID: d.MessageID, EventType: d.EventType,
		Payload: string(d.Payload), Status: model.WebhookDeliveryStatus(strings.ToUpper(string(d.Status))),
		Attempts: int32(min(d.Attempts, 1<<31-1)), LastAttemptAt: d.LastAttemptAt, NextAttemptAt: d.NextAttemptAt, //nolint:gosec // G115: clamped
		DurationMs: int32(min(d.DurationMS, 1<<31-1)), CreatedAt: d.CreatedAt, DeliveredAt: d.DeliveredAt} //nolint:gosec // G115: clamped
	if d.LastStatusCode != 0 {
		code := int32(d.LastStatusCode) //nolint:gosec // G115: an HTTP status code
		out.LastStatusCode = &code
	}
	if d.LastResponse != "" {
		out.LastResponse = &d.LastResponse
	}
	if d.LastError != "" {
		out.LastError = &d.LastError
	}
	return out
}

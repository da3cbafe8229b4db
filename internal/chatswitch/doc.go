// Package chatswitch moves a live conversation between web chat, SMS and
// WhatsApp without losing it: the thread, its contact and its history stay
// one conversation; only the active channel (conversations.channel_id)
// changes.
//
// A switch is a row of chat_switches (migration 0007):
//
//	pending ──welcome accepted──▶ active ──revert before deadline──▶ reverted
//	   │                             └──a later switch activates──▶ ended
//	   └──refused, unreachable, abandoned──▶ failed
//
// Starting a switch (a visitor in the widget, an agent from the console, or
// an agent reconnecting an ended chat or an offline lead) runs in three
// steps:
//
//  1. One tenant transaction locks the conversation, validates the number
//     (E.164, with the tenant's default country), picks the tenant's channel
//     of the target kind, checks WhatsApp's rule (outside the 24-hour window
//     the welcome must be the tenant's approved template: a missing template
//     is an error before anything is stored), stores the welcome message as
//     queued on the target channel and the switch as pending, and announces
//     chat_switch.requested. The unique index chat_switches_one_pending makes
//     a double click or two agents at once one switch and one ErrInProgress.
//  2. The welcome is sent to the provider outside any transaction.
//  3. A short transaction locks the conversation again and either activates
//     (the conversation's channel_id, channel_pinned and switch_address change
//     together with the switch row; the previous active switch ends; the
//     revert deadline is set) or fails the switch with the provider's reason,
//     leaving the conversation as it was. chat_switch.activated or .failed
//     follow, as live events and CRM webhooks.
//
// Because queueing a reply (inbox.SendMessage) locks the conversation row to
// read its channel, and activation and revert hold the same lock, a reply in
// flight during a switch is stored on exactly one channel and sent there.
//
// Revert moves an active switch's conversation back to its previous channel
// if it is asked for before revert_deadline (RevertWindow after activation),
// checked by the server under the same lock, and tells the phone. A pending
// switch older than StaleAfter (a process died between steps 1 and 3) is
// failed by the next request, so it cannot block the conversation forever.
//
// Replies: the inbound write (inbox_record_inbound, through
// chat_switch_route of migration 0010) sends a customer's SMS or WhatsApp
// message from a switched-to number into the switched conversation (the
// newest switch to that number whose conversation is not closed), whichever
// contact holds the number; channel_pinned keeps
// such a message from moving the active channel, so a revert racing the
// customer's first SMS has one outcome: the SMS is in the thread, the channel
// is the one the revert chose.
//
// Back to the web: a switch to web chat sends the customer a signed,
// expiring link on the current channel (Link); opening it resumes the same
// conversation in the widget and activates the switch.
package chatswitch

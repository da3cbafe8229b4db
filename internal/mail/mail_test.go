package mail_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/db/dbtest"
	"github.com/switchboard/switchboard/integrations/email"
	"github.com/switchboard/switchboard/integrations/email/emailtest"
	"github.com/switchboard/switchboard/internal/mail"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const (
	eventTimeout = 20 * time.Second
	smtpUser     = "mailer"
	smtpPassword = "s3cret-for-tests"
	fromAddress  = "Switchboard <noreply@switchboard.example>"
)

type testBundle struct {
	db     *dbtest.TestDB
	tenant uuid.UUID
	ctx    context.Context // scoped to tenant
	// client inserts jobs; it works them only after startWorker.
	client *river.Client[pgx.Tx]
}

func setup(t *testing.T) *testBundle {
	t.Helper()
	d := dbtest.New(t)
	tenant, ctx := newTenant(t, d)
	client, err := river.NewClient(riverpgxv5.New(d.Pool()), &river.Config{Logger: quietLogger()})
	require.NoError(t, err)
	return &testBundle{db: d, tenant: tenant, ctx: ctx, client: client}
}

func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// newTenant creates a tenant row (the outbox references it) and returns a
// context scoped to it.
func newTenant(t *testing.T, d *dbtest.TestDB) (uuid.UUID, context.Context) {
	t.Helper()
	tenant := uuid.New()
	ctx := tenants.ForNewTenant(context.Background(), tenant, uuid.New())
	require.NoError(t, d.InTenantTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO tenants (id, name) VALUES ($1, 't')`, tenant)
		return err
	}))
	return tenant, ctx
}

func textParams(subject string) mail.QueueParams {
	return mail.QueueParams{To: []string{"ana@example.com"}, Subject: subject, Text: "Hello Ana.\n"}
}

// queue commits one e-mail with its job in the bundle's tenant.
func (b *testBundle) queue(t *testing.T, p mail.QueueParams) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	require.NoError(t, b.db.InTenantTx(b.ctx, func(tx pgx.Tx) error {
		var err error
		id, err = mail.Queue(b.ctx, tx, b.client, p)
		return err
	}))
	return id
}

func (b *testBundle) get(t *testing.T, id uuid.UUID) mail.Email {
	t.Helper()
	e, err := mail.Outbox{DB: b.db.DB}.Get(b.ctx, id)
	require.NoError(t, err)
	return e
}

// riverJobs counts every job row: River's tables are global, so the app role
// sees them without a tenant.
func riverJobs(t *testing.T, d *dbtest.TestDB) int {
	t.Helper()
	var n int
	require.NoError(t, d.Pool().QueryRow(context.Background(), `SELECT count(*) FROM river_job`).Scan(&n))
	return n
}

// worker is a River client working the e-mail queue with mail.Worker.
type worker struct {
	client  *river.Client[pgx.Tx]
	events  <-chan *river.Event
	pending map[uuid.UUID]*river.Event
}

// startWorker starts a client that works e-mail jobs with sender (nil:
// capture). It is built here rather than with jobs.NewClient because depguard
// keeps internal/** (tests included) from importing package jobs; its
// middleware does what jobs.TenantMiddleware does, which jobs' own tests cover.
// A failed attempt is retried only after an hour, so a test sees exactly one.
func (b *testBundle) startWorker(t *testing.T, sender email.Sender) *worker {
	t.Helper()
	workers := river.NewWorkers()
	river.AddWorker(workers, &mail.Worker{DB: b.db.DB, Sender: sender, From: fromAddress})
	client, err := river.NewClient(riverpgxv5.New(b.db.Pool()), &river.Config{
		Logger:      quietLogger(),
		Workers:     workers,
		Queues:      map[string]river.QueueConfig{jobargs.QueueEmail: {MaxWorkers: 2}, river.QueueDefault: {MaxWorkers: 2}},
		Middleware:  []rivertype.Middleware{tenantFromArgs()},
		RetryPolicy: retryInAnHour{},
	})
	require.NoError(t, err)
	events, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobCancelled, river.EventKindJobFailed)
	t.Cleanup(cancel)
	require.NoError(t, client.Start(context.Background()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		require.NoError(t, client.Stop(ctx))
	})
	return &worker{client: client, events: events, pending: map[uuid.UUID]*river.Event{}}
}

func tenantFromArgs() rivertype.WorkerMiddleware {
	return river.WorkerMiddlewareFunc(func(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
		var args struct {
			TenantID uuid.UUID `json:"tenant_id"`
		}
		if err := json.Unmarshal(job.EncodedArgs, &args); err != nil || args.TenantID == uuid.Nil {
			return river.JobCancel(errors.New("no tenant_id"))
		}
		return doInner(tenants.ForJob(ctx, args.TenantID))
	})
}

type retryInAnHour struct{}

func (retryInAnHour) NextRetry(*rivertype.JobRow) time.Time { return time.Now().Add(time.Hour) }

// waitFor returns the next finishing event of the e-mail's job.
func (w *worker) waitFor(t *testing.T, emailID uuid.UUID) *river.Event {
	t.Helper()
	if ev, ok := w.pending[emailID]; ok {
		delete(w.pending, emailID)
		return ev
	}
	timer := time.NewTimer(eventTimeout)
	defer timer.Stop()
	for {
		select {
		case ev := <-w.events:
			var args jobargs.EmailSend
			require.NoError(t, json.Unmarshal(ev.Job.EncodedArgs, &args))
			if args.EmailID == emailID {
				return ev
			}
			w.pending[args.EmailID] = ev
		case <-timer.C:
			t.Fatalf("the job of e-mail %s did not finish within %s", emailID, eventTimeout)
			return nil
		}
	}
}

func lastError(t *testing.T, job *rivertype.JobRow) string {
	t.Helper()
	require.NotEmpty(t, job.Errors)
	return job.Errors[len(job.Errors)-1].Error
}

func newSMTP(t *testing.T, opts ...emailtest.Option) (*emailtest.Server, *email.SMTPSender) {
	t.Helper()
	srv := emailtest.NewServer(t, append([]emailtest.Option{emailtest.WithAuth(smtpUser, smtpPassword)}, opts...)...)
	sender, err := email.NewSMTPSender(email.SMTPConfig{
		Host: srv.Host(), Port: srv.Port(), Username: smtpUser, Password: smtpPassword,
		TLSConfig: srv.TLSConfig(), Timeout: 10 * time.Second,
	})
	require.NoError(t, err)
	return srv, sender
}

func TestQueueCommitsRowAndJobTogether(t *testing.T) {
	t.Parallel()
	b := setup(t)

	id := b.queue(t, textParams("Welcome"))

	e := b.get(t, id)
	require.Equal(t, mail.StatusQueued, e.Status)
	require.Equal(t, []string{"ana@example.com"}, e.To)
	require.Equal(t, "Welcome", e.Subject)
	require.Zero(t, e.Attempts)
	require.Nil(t, e.SentAt)
	require.Empty(t, e.Attachments)

	var (
		kind, queue string
		maxAttempts int
		rawArgs     []byte
	)
	require.NoError(t, b.db.Pool().QueryRow(context.Background(),
		`SELECT kind, queue, max_attempts, args FROM river_job`).Scan(&kind, &queue, &maxAttempts, &rawArgs))
	require.Equal(t, "email_send", kind)
	require.Equal(t, jobargs.QueueEmail, queue)
	require.Equal(t, 10, maxAttempts)
	var args jobargs.EmailSend
	require.NoError(t, json.Unmarshal(rawArgs, &args))
	require.Equal(t, jobargs.EmailSend{TenantID: b.tenant, EmailID: id}, args)
	// River's table is not tenant-protected: the job carries ids, never content.
	require.NotContains(t, string(rawArgs), "Welcome")
	require.NotContains(t, string(rawArgs), "ana@example.com")
}

func TestQueueRolledBackLeavesNeitherRowNorJob(t *testing.T) {
	t.Parallel()
	b := setup(t)

	errRollback := errors.New("the change failed")
	var id uuid.UUID
	err := b.db.InTenantTx(b.ctx, func(tx pgx.Tx) error {
		var err error
		if id, err = mail.Queue(b.ctx, tx, b.client, textParams("Never")); err != nil {
			return err
		}
		// Both exist inside the transaction...
		var n int
		if err := tx.QueryRow(b.ctx, `SELECT count(*) FROM river_job`).Scan(&n); err != nil {
			return err
		}
		if n != 1 {
			return fmt.Errorf("river_job inside tx: %d rows", n)
		}
		return errRollback
	})
	require.ErrorIs(t, err, errRollback)
	require.NotEqual(t, uuid.Nil, id)

	// ...and neither survives it.
	_, err = mail.Outbox{DB: b.db.DB}.Get(b.ctx, id)
	require.ErrorIs(t, err, pgx.ErrNoRows)
	list, err := mail.Outbox{DB: b.db.DB}.List(b.ctx, 10, nil)
	require.NoError(t, err)
	require.Empty(t, list)
	require.Zero(t, riverJobs(t, b.db))
}

func TestQueueWithoutTenantFails(t *testing.T) {
	t.Parallel()
	b := setup(t)

	ctx := context.Background()
	err := pgx.BeginFunc(ctx, b.db.Pool(), func(tx pgx.Tx) error {
		_, err := mail.Queue(ctx, tx, b.client, textParams("No tenant"))
		return err
	})
	require.ErrorIs(t, err, tenants.ErrNoTenant)
	require.Zero(t, riverJobs(t, b.db))
}

func TestQueueRejectsIncompleteEmail(t *testing.T) {
	t.Parallel()
	b := setup(t)

	for name, p := range map[string]mail.QueueParams{
		"no recipients": {Subject: "s", Text: "t"},
		"blank subject": {To: []string{"ana@example.com"}, Subject: "  ", Text: "t"},
		"no text":       {To: []string{"ana@example.com"}, Subject: "s"},
	} {
		err := b.db.InTenantTx(b.ctx, func(tx pgx.Tx) error {
			_, err := mail.Queue(b.ctx, tx, b.client, p)
			return err
		})
		require.Error(t, err, name)
	}
	require.Zero(t, riverJobs(t, b.db))
}

func TestWorkerSendsOverSMTP(t *testing.T) {
	t.Parallel()
	b := setup(t)
	srv, sender := newSMTP(t)

	invoice := []byte("%PDF-1.7\n\x00\x01\x02 binary \r\n.\r\n bytes\xff")
	id := b.queue(t, mail.QueueParams{
		To:      []string{"ana@example.com", "Bo Li <bo@example.com>"},
		Subject: "Your invoice",
		Text:    "Invoice attached.\n",
		HTML:    "<p>Invoice <b>attached</b>.</p>",
		Attachments: []mail.Attachment{
			{Filename: "invoice.pdf", ContentType: "application/pdf", Data: invoice},
		},
	})
	w := b.startWorker(t, sender)

	ev := w.waitFor(t, id)
	require.Equal(t, river.EventKindJobCompleted, ev.Kind)

	msgs := srv.Messages()
	require.Len(t, msgs, 1)
	r := msgs[0]
	require.True(t, r.TLS)
	require.Equal(t, smtpUser, r.Username)
	require.Equal(t, "noreply@switchboard.example", r.From)
	require.Equal(t, []string{"ana@example.com", "bo@example.com"}, r.To)

	m := r.Message(t)
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(m.Header.Get("Subject"))
	require.NoError(t, err)
	require.Equal(t, "Your invoice", subject)
	to, err := m.Header.AddressList("To")
	require.NoError(t, err)
	require.Len(t, to, 2)
	require.Equal(t, "ana@example.com", to[0].Address)
	require.Equal(t, "bo@example.com", to[1].Address)

	root := readPart(t, m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), "", m.Body)
	require.Equal(t, "multipart/mixed", root.mediaType)
	require.Len(t, root.children, 2)
	alt := root.children[0]
	require.Equal(t, "multipart/alternative", alt.mediaType)
	require.Len(t, alt.children, 2)
	require.Equal(t, "Invoice attached.\r\n", string(alt.children[0].body))
	require.Equal(t, "<p>Invoice <b>attached</b>.</p>", string(alt.children[1].body))
	att := root.children[1]
	require.Equal(t, "application/pdf", att.mediaType)
	require.Equal(t, "invoice.pdf", att.filename)
	require.Equal(t, invoice, att.body)

	e := b.get(t, id)
	require.Equal(t, mail.StatusSent, e.Status)
	require.NotNil(t, e.SentAt)
	require.WithinDuration(t, time.Now(), *e.SentAt, time.Minute)
	require.Equal(t, 1, e.Attempts)
	require.Empty(t, e.Error)
}

func TestWorkerCapturesWithoutSender(t *testing.T) {
	t.Parallel()
	b := setup(t)

	id := b.queue(t, textParams("Dev only"))
	w := b.startWorker(t, nil)

	require.Equal(t, river.EventKindJobCompleted, w.waitFor(t, id).Kind)
	e := b.get(t, id)
	require.Equal(t, mail.StatusCaptured, e.Status)
	require.NotNil(t, e.SentAt)
	require.Equal(t, 1, e.Attempts)
	require.Empty(t, e.Error)
	require.Equal(t, "Dev only", e.Subject, "the console shows what would have gone out")
}

func TestWorkerPermanentRefusalFailsAndCancels(t *testing.T) {
	t.Parallel()
	b := setup(t)
	srv, sender := newSMTP(t, emailtest.WithRcptError(550, "No such user here"))

	id := b.queue(t, textParams("Bounce"))
	w := b.startWorker(t, sender)

	ev := w.waitFor(t, id)
	require.Equal(t, river.EventKindJobCancelled, ev.Kind, "a 5xx must not be retried")
	require.Equal(t, rivertype.JobStateCancelled, ev.Job.State)
	// River's tables are global: its record names the code, never the reply
	// text (servers echo recipient addresses there).
	require.Contains(t, lastError(t, ev.Job), "SMTP 550")
	require.NotContains(t, lastError(t, ev.Job), "No such user here")

	e := b.get(t, id)
	require.Equal(t, mail.StatusFailed, e.Status)
	require.Contains(t, e.Error, "550")
	require.Contains(t, e.Error, "No such user here")
	require.Equal(t, 1, e.Attempts)
	require.Nil(t, e.SentAt)
	require.Empty(t, srv.Messages())
}

func TestWorkerTransientRefusalIsRetried(t *testing.T) {
	t.Parallel()
	b := setup(t)
	srv, sender := newSMTP(t, emailtest.WithRcptError(451, "Try again later"))

	id := b.queue(t, textParams("Greylisted"))
	w := b.startWorker(t, sender)

	ev := w.waitFor(t, id)
	require.Equal(t, river.EventKindJobFailed, ev.Kind)
	require.Equal(t, rivertype.JobStateRetryable, ev.Job.State, "a 4xx is retried")
	require.Equal(t, 1, ev.Job.Attempt)
	require.Contains(t, lastError(t, ev.Job), "temporary failure")
	require.NotContains(t, lastError(t, ev.Job), "Try again later")

	e := b.get(t, id)
	require.Equal(t, mail.StatusQueued, e.Status)
	require.Equal(t, 1, e.Attempts)
	require.Contains(t, e.Error, "451")
	require.Contains(t, e.Error, "Try again later")
	require.Nil(t, e.SentAt)
	require.Empty(t, srv.Messages())
}

func TestWorkerDoesNotResendHandledEmail(t *testing.T) {
	t.Parallel()
	b := setup(t)
	srv, sender := newSMTP(t)

	id := b.queue(t, textParams("Once"))
	w := b.startWorker(t, sender)
	require.Equal(t, river.EventKindJobCompleted, w.waitFor(t, id).Kind)
	require.Len(t, srv.Messages(), 1)
	first := b.get(t, id)
	require.Equal(t, mail.StatusSent, first.Status)

	// A second run of the job, as after a crash between sending and River
	// recording the completion.
	_, err := w.client.Insert(context.Background(), jobargs.EmailSend{TenantID: b.tenant, EmailID: id},
		&river.InsertOpts{Queue: jobargs.QueueEmail})
	require.NoError(t, err)
	require.Equal(t, river.EventKindJobCompleted, w.waitFor(t, id).Kind)

	require.Len(t, srv.Messages(), 1, "sent twice")
	require.Equal(t, 1, srv.Connections(), "the retry must not even connect")
	again := b.get(t, id)
	require.Equal(t, mail.StatusSent, again.Status)
	require.Equal(t, 1, again.Attempts)
	require.Equal(t, first.SentAt, again.SentAt)
}

func TestWorkerCannotReadAnotherTenantsEmail(t *testing.T) {
	t.Parallel()
	b := setup(t) // tenant A
	srv, sender := newSMTP(t)
	tenantB, ctxB := newTenant(t, b.db)

	// B's e-mail, written without a job of its own so only the forged job runs.
	emailB := uuid.New()
	require.NoError(t, b.db.InTenantTx(ctxB, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctxB, `INSERT INTO email_outbox (id, tenant_id, to_addresses, subject, body_text)
			VALUES ($1, $2, ARRAY['secret@b.example'], 'B only', 'for B')`, emailB, tenantB)
		return err
	}))

	w := b.startWorker(t, sender)
	_, err := w.client.Insert(context.Background(), jobargs.EmailSend{TenantID: b.tenant, EmailID: emailB},
		&river.InsertOpts{Queue: jobargs.QueueEmail})
	require.NoError(t, err)

	ev := w.waitFor(t, emailB)
	require.Equal(t, river.EventKindJobCancelled, ev.Kind)
	require.Contains(t, lastError(t, ev.Job), "not found")
	require.Zero(t, srv.Connections())

	e, err := mail.Outbox{DB: b.db.DB}.Get(ctxB, emailB)
	require.NoError(t, err)
	require.Equal(t, mail.StatusQueued, e.Status, "A's job changed B's row")
	require.Zero(t, e.Attempts)
}

func TestOutboxListPagesNewestFirst(t *testing.T) {
	t.Parallel()
	b := setup(t)
	outbox := mail.Outbox{DB: b.db.DB}

	// Three in one transaction share created_at (now() is the transaction's
	// start), so the id must break the tie; the rest are each newer.
	require.NoError(t, b.db.InTenantTx(b.ctx, func(tx pgx.Tx) error {
		for i := range 3 {
			if _, err := mail.Queue(b.ctx, tx, b.client, textParams(fmt.Sprint("batch ", i))); err != nil {
				return err
			}
		}
		return nil
	}))
	var last uuid.UUID
	for i := range 4 {
		last = b.queue(t, textParams(fmt.Sprint("single ", i)))
	}
	// Another tenant's mail never shows up.
	_, ctxB := newTenant(t, b.db)
	require.NoError(t, b.db.InTenantTx(ctxB, func(tx pgx.Tx) error {
		_, err := mail.Queue(ctxB, tx, b.client, textParams("other tenant"))
		return err
	}))

	all, err := outbox.List(b.ctx, 100, nil)
	require.NoError(t, err)
	require.Len(t, all, 7)
	require.Equal(t, last, all[0].ID, "newest first")
	require.True(t, slices.IsSortedFunc(all, func(x, y mail.Email) int {
		if c := y.CreatedAt.Compare(x.CreatedAt); c != 0 {
			return c
		}
		return bytes.Compare(y.ID[:], x.ID[:])
	}), "not ordered by (created_at, id) descending")

	var paged []mail.Email
	var cursor *db.Cursor
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10, "pagination does not end")
		page, err := outbox.List(b.ctx, 3, cursor)
		require.NoError(t, err)
		if len(page) == 0 {
			break
		}
		require.LessOrEqual(t, len(page), 3)
		paged = append(paged, page...)
		end := page[len(page)-1]
		// Through its opaque form, as a client would hand it back.
		cursor, err = db.DecodeCursor(db.Cursor{Time: end.CreatedAt, ID: end.ID}.Encode())
		require.NoError(t, err)
	}
	ids := func(es []mail.Email) []uuid.UUID {
		out := make([]uuid.UUID, len(es))
		for i, e := range es {
			out[i] = e.ID
		}
		return out
	}
	require.Equal(t, ids(all), ids(paged), "pages must cover every e-mail once, in order")
}

// part is one node of a MIME tree with its body decoded.
type part struct {
	mediaType string
	filename  string
	body      []byte
	children  []part
}

func readPart(t *testing.T, contentType, cte, disposition string, r io.Reader) part {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	require.NoError(t, err)
	p := part{mediaType: mt}
	if disposition != "" {
		_, dparams, err := mime.ParseMediaType(disposition)
		require.NoError(t, err)
		p.filename = dparams["filename"]
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(r, params["boundary"])
		for {
			child, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				break
			}
			require.NoError(t, err)
			p.children = append(p.children, readPart(t, child.Header.Get("Content-Type"),
				child.Header.Get("Content-Transfer-Encoding"), child.Header.Get("Content-Disposition"), child))
		}
		return p
	}
	switch strings.ToLower(cte) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	default:
		t.Fatalf("unexpected Content-Transfer-Encoding %q for %s", cte, mt)
	}
	p.body, err = io.ReadAll(r)
	require.NoError(t, err)
	return p
}

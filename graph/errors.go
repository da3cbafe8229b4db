package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/jackc/pgx/v5"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/internal/account"
	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/internal/problem"
	"github.com/switchboard/switchboard/tenants"
)

// Error codes in extensions.code.
const (
	codeUnauthenticated = "UNAUTHENTICATED"
	codeNotFound        = "NOT_FOUND"
	codeBadInput        = "BAD_USER_INPUT"
	codeInternal        = "INTERNAL"
)

// errForbidden is what the directives return; the presenter shows it as
// NOT_FOUND so that a caller cannot tell "exists, not yours" from "absent".
var errForbidden = errors.New("forbidden")

// presentError is the one place that decides what a caller sees of an error.
func presentError(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		var inner error
		if gqlErr.Err != nil {
			inner = gqlErr.Err
		} else {
			return gqlErr // parse and validation errors: already meant for the caller
		}
		set := func(code, msg string) *gqlerror.Error {
			gqlErr.Message = msg
			if gqlErr.Extensions == nil {
				gqlErr.Extensions = map[string]any{}
			}
			gqlErr.Extensions["code"] = code
			return gqlErr
		}
		var input *problem.InputError
		switch {
		case errors.As(inner, &input):
			out := set(codeBadInput, input.Error())
			out.Extensions["field"] = input.Field
			return out
		case errors.Is(inner, inbox.ErrOutsideWindow):
			return set(codeBadInput, inbox.ErrOutsideWindow.Error())
		case errors.Is(inner, tenants.ErrUnauthenticated):
			return set(codeUnauthenticated, "authentication required")
		case errors.Is(inner, account.ErrInvalidCredentials):
			return set(codeUnauthenticated, account.ErrInvalidCredentials.Error())
		case errors.Is(inner, errForbidden), errors.Is(inner, problem.ErrNotFound), errors.Is(inner, pgx.ErrNoRows),
			errors.Is(inner, tenants.ErrNoTenant):
			return set(codeNotFound, "not found")
		case errors.Is(inner, errBadID), errors.Is(inner, db.ErrBadCursor), errors.Is(inner, account.ErrEmailTaken),
			errors.Is(inner, account.ErrInvitationUnusable), errors.Is(inner, errBadPageSize):
			return set(codeBadInput, rootMessage(inner))
		default:
			var gqlInner *gqlerror.Error
			if errors.As(inner, &gqlInner) && gqlInner.Extensions["code"] != nil {
				return gqlErr // an error a resolver built for the caller on purpose
			}
			logger.ErrorContext(ctx, "graphql: internal error", slog.String("path", gqlErr.Path.String()), slog.Any("error", inner))
			return set(codeInternal, "internal error")
		}
	}
}

// rootMessage is the message of the sentinel an error wraps, without the
// wrapping context (which may name internals).
func rootMessage(err error) string {
	for _, sentinel := range []error{errBadID, db.ErrBadCursor, account.ErrEmailTaken, account.ErrInvitationUnusable, errBadPageSize} {
		if errors.Is(err, sentinel) {
			return sentinel.Error()
		}
	}
	return err.Error()
}

func recoverPanic(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "graphql: panic", slog.String("panic", fmt.Sprint(p)))
		return errors.New("internal error: panic")
	}
}

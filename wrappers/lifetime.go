package wrappers

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/vtypes"
)

// A Watcher keeps a token or a lease alive in the background, like
// hashicorp/vault/api's LifetimeWatcher: it renews at about two thirds of
// the TTL (with jitter), reports each renewal on Renewals and each failure on
// Errors. Unlike LifetimeWatcher, a token watcher does not give up when the
// token reaches its max TTL (or cannot be renewed, or was revoked): it logs
// in again with the client's LastLogin and carries on with the new token.
//
// Events are never waited on: when nobody reads a channel, the oldest event
// is dropped to make room. Both channels are closed when the watcher ends.
type Watcher struct {
	renewals chan Renewal
	errs     chan error
	done     chan struct{}
	cancel   context.CancelFunc
	stopped  atomic.Bool
	err      error
}

// Renewal is one renewal, or one fresh login, made by a Watcher.
type Renewal struct {
	At        time.Time
	TTL       time.Duration // how long the token or lease now lives
	Renewable bool
	// LoggedIn is true when this is a new token from the client's
	// LastLogin (the old one could not be renewed further), not a renewal.
	LoggedIn bool
	Auth     *vaultcommon.AuthInfo // token watchers: the renewal's or login's auth block
	LeaseID  string                // lease watchers
}

// WatchOption tunes a Watcher.
type WatchOption func(*watchConfig)

type watchConfig struct {
	increment time.Duration
	renewAt   float64
}

// WatchIncrement asks for this much life at each renewal. By default a
// token asks for its creation TTL and a lease for the duration it was given.
func WatchIncrement(d time.Duration) WatchOption {
	return func(c *watchConfig) { c.increment = d }
}

// WatchRenewAt sets when to renew, as the fraction of the TTL that has passed
// (default 2/3; up to 10% earlier, at random, so that many clients do not
// renew in step). Values outside (0, 1) keep the default.
func WatchRenewAt(fraction float64) WatchOption {
	return func(c *watchConfig) {
		if fraction > 0 && fraction < 1 {
			c.renewAt = fraction
		}
	}
}

// Renewals reports every successful renewal or login.
func (w *Watcher) Renewals() <-chan Renewal { return w.renewals }

// Errors reports every failed renewal, lookup or login; the watcher carries
// on when it can (see WatchToken and WatchLease).
func (w *Watcher) Errors() <-chan error { return w.errs }

// Done is closed when the watcher has ended; Err then says why.
func (w *Watcher) Done() <-chan struct{} { return w.done }

// Err is nil while the watcher runs, after Stop, and when the token or lease
// has run its course (it cannot be extended and there is nothing to log in
// with). Otherwise it is the error that ended the watcher, or the context's
// error when ctx was cancelled.
func (w *Watcher) Err() error {
	select {
	case <-w.done:
		return w.err
	default:
		return nil
	}
}

// Stop ends the watcher and waits until its goroutine has returned.
func (w *Watcher) Stop() {
	w.stopped.Store(true)
	w.cancel()
	<-w.done
}

func newWatcher(ctx context.Context, opts []WatchOption) (*Watcher, context.Context, watchConfig) {
	cfg := watchConfig{renewAt: 2.0 / 3}
	for _, o := range opts {
		o(&cfg)
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &Watcher{renewals: make(chan Renewal, 16), errs: make(chan error, 16), done: make(chan struct{}), cancel: cancel}
	return w, ctx, cfg
}

// run runs body and closes the channels once it returns.
func (w *Watcher) run(ctx context.Context, body func(context.Context) error) {
	go func() {
		err := body(ctx)
		if ctx.Err() != nil {
			err = ctx.Err()
			if w.stopped.Load() {
				err = nil
			}
		}
		w.err = err
		w.cancel()
		close(w.renewals)
		close(w.errs)
		close(w.done)
	}()
}

// send delivers v without blocking, dropping the oldest event when full.
func send[T any](ch chan T, v T) {
	for {
		select {
		case ch <- v:
			return
		default:
		}
		select {
		case <-ch:
		default:
		}
	}
}

// lifetime is what a watcher knows about its token or lease.
type lifetime struct {
	ttl       time.Duration
	renewable bool
	since     time.Time // when ttl was measured
	increment time.Duration
}

func (l lifetime) expiry() time.Time { return l.since.Add(l.ttl) }

// wait sleeps for the renew-at fraction of d, jittered; false if ctx ended.
func (cfg watchConfig) wait(ctx context.Context, d time.Duration) bool {
	d = time.Duration(float64(d) * cfg.renewAt * (1 - 0.1*rand.Float64()))
	return sleepCtx(ctx, d)
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// backoff is the wait before retry n (0, 1, ...): 250ms doubling to 30s, jittered.
func backoff(n int) time.Duration {
	d := 30 * time.Second
	if n < 7 {
		d = min(d, 250*time.Millisecond<<n)
	}
	return time.Duration(float64(d) * (0.75 + 0.5*rand.Float64()))
}

// refused reports whether Vault turned the request down for good (a bad,
// revoked or expired token or lease), as opposed to a failure worth retrying.
func refused(err error) bool {
	var re *ResponseError
	if !errors.As(err, &re) {
		return false
	}
	switch re.StatusCode {
	case http.StatusRequestTimeout, http.StatusPreconditionFailed, http.StatusTooManyRequests:
		return false
	}
	return re.StatusCode >= 400 && re.StatusCode < 500
}

func seconds(d time.Duration) *vtypes.Duration {
	v := vtypes.Of(max(d, time.Second))
	return &v
}

// WatchToken keeps the client's token alive until ctx ends or Stop is
// called. It looks the token up, then renews it (TokenRenewSelf) at about
// two thirds of each TTL. When the token cannot be extended any further
// (a renewal grants less than the increment asked, or the token is not
// renewable) it is used until about two thirds of what is left and then
// replaced by logging in again with c.LastLogin(); a token Vault refuses
// (revoked, expired) is replaced at once. Failed logins are reported and
// retried with backoff. Without a LastLogin the watcher ends instead: with
// a nil Err when the token simply ran its course, or with Vault's refusal.
// A token that never expires (TTL 0, such as a root token) ends the watcher
// at once.
//
//vault:operation TokenLookupSelf
//vault:operation TokenRenewSelf
func (c *Client) WatchToken(ctx context.Context, opts ...WatchOption) *Watcher {
	w, ctx, cfg := newWatcher(WithoutRequestOptions(ctx), opts) // its lookups and renewals start clean
	w.run(ctx, func(ctx context.Context) error { return c.watchToken(ctx, w, cfg) })
	return w
}

func (c *Client) watchToken(ctx context.Context, w *Watcher, cfg watchConfig) error {
	l, err := c.lookupLifetime(ctx, w, cfg)
	for {
		if err != nil { // the token is gone
			if c.LastLogin() == nil {
				return err
			}
			if l, err = c.relogin(ctx, w, cfg); err != nil {
				return err
			}
		}
		if l.ttl <= 0 && l.renewable {
			return nil // never expires
		}
		if !l.renewable || l.ttl <= 0 {
			// Use what is left, then log in again.
			if c.LastLogin() == nil {
				return nil
			}
			if !cfg.wait(ctx, time.Until(l.expiry())) {
				return nil
			}
			if l, err = c.relogin(ctx, w, cfg); err != nil {
				return err
			}
			continue
		}
		if !cfg.wait(ctx, l.ttl) {
			return nil
		}
		l, err = c.renewToken(ctx, w, l)
	}
}

// lookupLifetime reads the token's TTL, retrying failures Vault did not
// mean as a refusal; a refusal is returned.
func (c *Client) lookupLifetime(ctx context.Context, w *Watcher, cfg watchConfig) (lifetime, error) {
	for n := 0; ; n++ {
		out, err := c.TokenAuth().TokenLookupSelf(ctx)
		if err == nil {
			d := out.Data
			l := lifetime{ttl: time.Duration(d.TTL) * time.Second, since: time.Now(), increment: cfg.increment}
			l.renewable = d.Renewable != nil && *d.Renewable
			if d.TTL == 0 {
				l.renewable = true // never expires: nothing to do
			}
			if l.increment == 0 {
				l.increment = time.Duration(d.CreationTTL) * time.Second
			}
			return l, nil
		}
		if ctx.Err() != nil {
			return lifetime{}, ctx.Err()
		}
		send(w.errs, err)
		if refused(err) {
			return lifetime{}, err
		}
		if !sleepCtx(ctx, backoff(n)) {
			return lifetime{}, ctx.Err()
		}
	}
}

// renewToken renews once; on a passing failure it retries until the token
// expires. The lifetime it returns is not renewable when the token cannot be
// extended further.
func (c *Client) renewToken(ctx context.Context, w *Watcher, l lifetime) (lifetime, error) {
	return w.renew(ctx, l, func() (time.Duration, bool, error) {
		out, err := c.TokenAuth().TokenRenewSelf(ctx, authtoken.TokenRenewSelfRequest{Increment: seconds(l.increment)})
		if err == nil && out.Auth == nil {
			err = errors.New("vault: TokenRenewSelf: " + ErrMalformedResponse.Error() + ": no auth block")
		}
		if err != nil {
			return 0, false, err
		}
		ttl := time.Duration(out.Auth.LeaseDuration) * time.Second
		send(w.renewals, Renewal{At: time.Now(), TTL: ttl, Renewable: out.Auth.Renewable, Auth: out.Auth})
		return ttl, out.Auth.Renewable, nil
	})
}

// renew runs attempt until it succeeds, retrying passing failures with
// backoff while the lifetime l lasts. attempt reports the TTL Vault granted
// and whether Vault calls it renewable; a grant below the increment asked for
// means the max TTL is near, so the new lifetime is not renewable.
func (w *Watcher) renew(ctx context.Context, l lifetime, attempt func() (time.Duration, bool, error)) (lifetime, error) {
	for n := 0; ; n++ {
		ttl, renewable, err := attempt()
		if err == nil {
			capped := ttl < l.increment.Truncate(time.Second)
			return lifetime{ttl: ttl, since: time.Now(), renewable: renewable && !capped && ttl > 0, increment: l.increment}, nil
		}
		if ctx.Err() != nil {
			return l, ctx.Err()
		}
		send(w.errs, err)
		if refused(err) {
			return l, err
		}
		wait := backoff(n)
		if time.Now().Add(wait).After(l.expiry()) {
			return l, err // expired meanwhile
		}
		if !sleepCtx(ctx, wait) {
			return l, ctx.Err()
		}
	}
}

// relogin logs in with LastLogin until it works or ctx ends. The old token
// is not sent along: logins need none.
func (c *Client) relogin(ctx context.Context, w *Watcher, cfg watchConfig) (lifetime, error) {
	for n := 0; ; n++ {
		m := c.LastLogin()
		reply, err := c.Login(WithRequestOptions(WithoutRequestOptions(ctx), RequestToken("")), m)
		if err == nil {
			auth := reply.Auth
			ttl := time.Duration(auth.LeaseDuration) * time.Second
			send(w.renewals, Renewal{At: time.Now(), TTL: ttl, Renewable: auth.Renewable, LoggedIn: true, Auth: auth})
			l := lifetime{ttl: ttl, renewable: auth.Renewable || ttl == 0, since: time.Now(), increment: cfg.increment}
			if l.increment == 0 {
				l.increment = ttl
			}
			return l, nil
		}
		if ctx.Err() != nil {
			return lifetime{}, ctx.Err()
		}
		send(w.errs, err)
		if !sleepCtx(ctx, backoff(n)) {
			return lifetime{}, ctx.Err()
		}
	}
}

// WatchLease keeps a lease (dynamic credentials) alive until ctx ends or
// Stop is called, renewing it through sys/leases/renew at about two thirds of
// each TTL; leaseDuration is the lease_duration the secret came with. There
// is no login to fall back on: the watcher ends, with a nil Err, as soon as
// the lease cannot be extended any further (a renewal grants less than the
// increment, or the lease is not renewable), and the last Renewal says how
// long the credentials still live; fetch new ones before then. It ends with
// the error when Vault refuses a renewal (the lease was revoked or expired);
// other failures are reported and retried until the lease expires.
//
//vault:operation SysRenewLease
func (c *Client) WatchLease(ctx context.Context, leaseID string, leaseDuration time.Duration, opts ...WatchOption) *Watcher {
	w, ctx, cfg := newWatcher(WithoutRequestOptions(ctx), opts) // its renewals start clean
	w.run(ctx, func(ctx context.Context) error { return c.watchLease(ctx, w, cfg, leaseID, leaseDuration) })
	return w
}

func (c *Client) watchLease(ctx context.Context, w *Watcher, cfg watchConfig, leaseID string, leaseDuration time.Duration) error {
	l := lifetime{ttl: leaseDuration, renewable: leaseDuration > 0, since: time.Now(), increment: cfg.increment}
	if l.increment == 0 {
		l.increment = leaseDuration
	}
	for l.renewable {
		if !cfg.wait(ctx, l.ttl) {
			return nil
		}
		var err error
		if l, err = c.renewLease(ctx, w, leaseID, l); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) renewLease(ctx context.Context, w *Watcher, leaseID string, l lifetime) (lifetime, error) {
	return w.renew(ctx, l, func() (time.Duration, bool, error) {
		out, err := c.Sys().SysRenewLease(ctx, sys.SysRenewLeaseRequest{LeaseID: leaseID, Increment: seconds(l.increment)})
		if err != nil {
			return 0, false, err
		}
		ttl := time.Duration(out.LeaseDuration) * time.Second
		id := out.LeaseID
		if id == "" {
			id = leaseID
		}
		send(w.renewals, Renewal{At: time.Now(), TTL: ttl, Renewable: out.Renewable, LeaseID: id})
		return ttl, out.Renewable, nil
	})
}

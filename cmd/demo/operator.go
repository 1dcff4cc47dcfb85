package main

import (
	"context"
	"errors"
	"fmt"
)

// initialise is hvac's Getting Started: five key shares, three of which unseal.
func (d *demo) initialise(ctx context.Context) error {
	op := d.client.Operator()
	if done, err := op.IsInitialized(ctx); err != nil || done {
		return errors.Join(err, errors.New("the server is initialised already: the demo needs a fresh one"))
	}
	res, err := op.Initialize(ctx, 5, 3)
	if err != nil {
		return err
	}
	d.keys = res.Keys
	d.client.SetToken(res.RootToken)
	d.say("initialise", "%d key shares, threshold 3; root token kept on the client (never printed)", len(res.Keys))
	return nil
}

// unsealKeyByKey hands Vault one share at a time and shows the progress.
func (d *demo) unsealKeyByKey(ctx context.Context) error {
	op := d.client.Operator()
	for i, k := range d.keys[:3] {
		st, err := op.SubmitUnsealKey(ctx, k)
		if err != nil {
			return err
		}
		if want := i < 2; st.Sealed != want {
			return fmt.Errorf("after share %d: sealed=%t", i+1, st.Sealed)
		}
		state := fmt.Sprintf("progress %d/%d", st.Progress, st.T)
		if !st.Sealed {
			state = "unsealed"
		}
		d.say(fmt.Sprintf("unseal, share %d", i+1), "%s", state)
	}
	return nil
}

func (d *demo) seal(ctx context.Context) error {
	op := d.client.Operator()
	if err := op.Seal(ctx); err != nil {
		return err
	}
	sealed, err := op.IsSealed(ctx)
	if err != nil || !sealed {
		return errors.Join(err, errors.New("still unsealed after Seal"))
	}
	d.say("seal", "sealed")
	return nil
}

// unsealAtOnce gives all five shares; only the threshold's worth is sent.
func (d *demo) unsealAtOnce(ctx context.Context) error {
	st, err := d.client.Operator().SubmitUnsealKeys(ctx, d.keys)
	if err != nil || st.Sealed {
		return errors.Join(err, errors.New("still sealed after all the shares"))
	}
	d.say("unseal, all shares", "unsealed (stopped at the threshold of %d)", st.T)
	return nil
}

// rekey replaces the shares with three new ones, two of which unseal, and
// makes the new shares prove themselves before they count.
func (d *demo) rekey(ctx context.Context) error {
	op := d.client.Operator()
	started, err := op.StartRekeyWithVerification(ctx, 3, 2)
	if err != nil {
		return err
	}
	done, err := op.RekeySubmitKeys(ctx, d.keys, started.Nonce)
	if err != nil {
		return err
	}
	if done.VerificationNonce == nil {
		return errors.New("rekey: no verification nonce although verification was asked for")
	}
	verified, err := op.RekeyVerifyKeys(ctx, done.Keys, *done.VerificationNonce)
	if err != nil {
		return err
	}
	if verified.Complete == nil || !*verified.Complete {
		return errors.New("rekey verification did not complete")
	}
	d.keys = done.Keys
	d.say("rekey to 3/2", "%d new shares, verified with 2 of them", len(done.Keys))
	return nil
}

func (d *demo) sealAndUnsealWithNewKeys(ctx context.Context) error {
	op := d.client.Operator()
	if err := op.Seal(ctx); err != nil {
		return err
	}
	st, err := op.SubmitUnsealKeys(ctx, d.keys[:2])
	if err != nil || st.Sealed {
		return errors.Join(err, errors.New("the new shares did not unseal"))
	}
	d.say("unseal with new keys", "unsealed with 2 of the 3 new shares (threshold %d)", st.T)
	return nil
}

// generateRoot makes a new root token from the key shares with a one-time
// password, and switches the client to it.
func (d *demo) generateRoot(ctx context.Context) error {
	root, err := d.client.Operator().GenerateRootToken(ctx, d.keys)
	if err != nil {
		return err
	}
	previous := d.client.Token()
	d.client.SetToken(root)
	self, err := d.client.Tokens().LookupSelf(ctx)
	if err != nil {
		return err
	}
	if err := d.client.Tokens().Revoke(ctx, previous); err != nil {
		return err
	}
	d.say("generate root (OTP)", "new root token works (policies %v); the initial one is revoked", self.Data.Policies)
	return nil
}

package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// make run calls seed --demo --synthetic at every start: the first publishes a synthetic release, the next
// ones leave the published release alone.
func TestSeedSynthetic(t *testing.T) {
	t.Parallel()
	getenv := testEnv(t, "development")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate"}, getenv, &out, &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"seed", "--synthetic"}, getenv, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Dasbor: data sintetis dari ") || !strings.Contains(out.String(), "diterbitkan sebagai rilis versi 1.") {
		t.Errorf("first seed says:\n%s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"seed", "--synthetic"}, getenv, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Dasbor: rilis versi 1 sudah terbit; data sintetis tidak dimuat.") {
		t.Errorf("second seed says:\n%s", out.String())
	}
}

func TestSeedSyntheticRefusedInProduction(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	err := run(context.Background(), []string{"seed", "--synthetic"}, testEnv(t, "production"), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "production") {
		t.Errorf("seed --synthetic in production: %v", err)
	}
}

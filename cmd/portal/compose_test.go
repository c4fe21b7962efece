package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// compose.yaml's ha profile is a valid Compose file with two replicas behind nginx, TRUSTED_PROXIES set to the
// proxy and a healthcheck. No Docker engine runs here; `docker compose config` (or Debian's docker-compose,
// when the compose plugin is missing) parses, interpolates and validates the file without one.
func TestComposeHAProfile(t *testing.T) {
	t.Parallel()
	args := []string{"--profile", "ha", "config"}
	var cmd *exec.Cmd
	if exec.Command("docker", "compose", "version").Run() == nil {
		cmd = exec.Command("docker", append([]string{"compose", "-f", "../../compose.yaml"}, args...)...)
	} else if path, err := exec.LookPath("docker-compose"); err == nil {
		cmd = exec.Command(path, append([]string{"-f", "../../compose.yaml"}, args...)...)
	} else {
		t.Fatal("neither `docker compose` nor docker-compose is installed: scripts/ensure-test-tools.sh installs Debian's docker-compose")
	}
	cmd.Env = append(os.Environ(), "POSTGRES_PASSWORD=uji", "SESSION_SECRET=uji", "ENCRYPTION_KEYS=uji:uji")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
	}
	config := string(out)
	for _, want := range []string{"portal-a:", "portal-b:", "proxy:", "image: nginx", "TRUSTED_PROXIES: 172.28.5.10/32",
		"ipv4_address: 172.28.5.10", "/portal", "healthcheck", "service_completed_successfully", "- ha"} {
		if !strings.Contains(config, want) {
			t.Errorf("the ha profile lacks %q", want)
		}
	}
}

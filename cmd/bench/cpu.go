package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Where a page's time goes. On this machine the server, PostgreSQL and the load generator share the same
// cores, so requests per second alone cannot say whether a page is slow in Go or in the database. The
// national run therefore also reads, from /proc, the CPU each of the three used during a measurement and
// divides it by the requests served.

// userHZ is the unit of utime and stime in /proc/PID/stat: USER_HZ, which Linux fixes at 100 for user space
// on every architecture the portal runs on.
const userHZ = 100

// cpuSample is the CPU time used so far by the server, by every PostgreSQL process (by PID, so a backend that
// starts during the run counts from zero) and by this process, the load generator.
type cpuSample struct {
	server, self time.Duration
	postgres     map[int]time.Duration
}

func sampleCPU(serverPID int) cpuSample {
	s := cpuSample{server: procCPU(serverPID), self: procCPU(os.Getpid()), postgres: map[int]time.Duration{}}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		pid, err := strconv.Atoi(filepath.Base(d))
		if err != nil {
			continue
		}
		if comm, err := os.ReadFile(d + "/comm"); err == nil && strings.TrimSpace(string(comm)) == "postgres" {
			s.postgres[pid] = procCPU(pid)
		}
	}
	return s
}

// cpuSplit is the CPU time per request between two samples: server, PostgreSQL, load generator. A PostgreSQL
// process that ended during the run is missed, so the PostgreSQL figure is a lower bound.
type cpuSplit struct{ server, postgres, client time.Duration }

func splitCPU(before, after cpuSample, requests int) cpuSplit {
	if requests == 0 {
		return cpuSplit{}
	}
	var pg time.Duration
	for pid, t := range after.postgres {
		pg += t - before.postgres[pid]
	}
	n := time.Duration(requests)
	return cpuSplit{server: (after.server - before.server) / n, postgres: pg / n, client: (after.self - before.self) / n}
}

// procCPU is the user and system CPU time a process has used, 0 when it cannot be read.
func procCPU(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	return statCPU(string(b))
}

// statCPU reads utime and stime from the text of /proc/PID/stat.
func statCPU(b string) time.Duration {
	// The command name, field 2, is in parentheses and may hold spaces: the fields are counted after it.
	i := strings.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(b[i+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / userHZ
}

func micros(d time.Duration) string { return strconv.FormatInt(d.Microseconds(), 10) }

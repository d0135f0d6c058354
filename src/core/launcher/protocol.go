// The launcher's protocol: a command per line in, an event per line out (see launcher.go).
package main

import (
	"bufio"
	"encoding/json"
	"os"
	"sync"
)

type command struct {
	Op             string   `json:"op"`
	ID             int64    `json:"id"`
	Path           string   `json:"path"`
	Args           []string `json:"args"` // argv without argv[0]
	Dir            string   `json:"dir"`
	Env            []string `json:"env"`
	Stdout         string   `json:"stdout"`
	Stderr         string   `json:"stderr"` // empty: stderr goes to the stdout file
	Stdin          string   `json:"stdin"`  // a file to read as standard input; empty: /dev/null
	MaxOutputBytes int64    `json:"maxOutputBytes"`
	TimeoutMs      int64    `json:"timeoutMs"`
	GraceMs        int64    `json:"graceMs"`
	RlimitAS       int64    `json:"rlimitAs"`
	RlimitCPU      int64    `json:"rlimitCpu"`
	RlimitFsize    int64    `json:"rlimitFsize"`
}

type usage struct {
	MaxRSSBytes int64   `json:"maxRssBytes"`
	UserSec     float64 `json:"userSec"`
	SysSec      float64 `json:"sysSec"`
	Nvcsw       int64   `json:"nvcsw"`
	Nivcsw      int64   `json:"nivcsw"`
	Majflt      int64   `json:"majflt"`
}

type event struct {
	Event         string  `json:"event"`
	ID            int64   `json:"id,omitempty"`
	Pid           int     `json:"pid,omitempty"`
	Kind          string  `json:"kind,omitempty"` // exited | signaled | killed | error
	ExitCode      *int    `json:"exitCode,omitempty"`
	Signal        string  `json:"signal,omitempty"`
	Reason        string  `json:"reason,omitempty"` // canceled | timeout | output-limit
	Error         string  `json:"error,omitempty"`
	Errno         string  `json:"errno,omitempty"`
	WallSec       float64 `json:"wallSec,omitempty"`
	Usage         *usage  `json:"usage,omitempty"`
	OutputBytes   int64   `json:"outputBytes,omitempty"`
	OrphansReaped int     `json:"orphansReaped,omitempty"`
	Ready         bool    `json:"ready,omitempty"`
	Subreaper     bool    `json:"subreaper,omitempty"`
	Launcher      int     `json:"launcherPid,omitempty"`
	StartTicks    string  `json:"startTicks,omitempty"`
	// An exec's output (base64 in JSON).
	Stdout []byte `json:"stdout,omitempty"`
	Stderr []byte `json:"stderr,omitempty"`
}

var (
	outMu sync.Mutex
	out   = bufio.NewWriter(os.Stdout)
)

func emit(e event) {
	b, _ := json.Marshal(e)
	outMu.Lock()
	out.Write(b)
	out.WriteByte('\n')
	out.Flush()
	outMu.Unlock()
}

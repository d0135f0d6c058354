// Ending a command's process tree: the group first, then every orphan the launcher adopted.
package main

import (
	"fmt"
	"os"
	"sync/atomic"
	"syscall"
	"time"
)

// stopGroup ends the child's process group: SIGQUIT (a Go binary prints its goroutines), then
// SIGTERM, then SIGKILL, each after a grace period unless the group leader has ended by then.
func stopGroup(pgid int, grace time.Duration, leaderGone *atomic.Bool) {
	for _, sig := range []syscall.Signal{syscall.SIGQUIT, syscall.SIGTERM} {
		if leaderGone.Load() {
			return
		}
		syscall.Kill(-pgid, sig)
		until := time.Now().Add(grace)
		for time.Now().Before(until) && !leaderGone.Load() {
			time.Sleep(5 * time.Millisecond)
		}
	}
	if !leaderGone.Load() {
		syscall.Kill(-pgid, syscall.SIGKILL)
	}
}

// reapOrphans kills and reaps every remaining child of the launcher (adopted orphans of the
// command's tree) until wait4 reports ECHILD; it returns how many it reaped.
func reapOrphans() int {
	reaped := 0
	var ws syscall.WaitStatus
	// The common case costs one system call: no child left at all.
	pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
	if err == syscall.ECHILD {
		return 0
	}
	if pid > 0 {
		reaped++
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, p := range childPids() {
			syscall.Kill(p, syscall.SIGKILL)
		}
		pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
		if err == syscall.ECHILD {
			return reaped
		}
		if pid > 0 {
			reaped++
		} else {
			time.Sleep(2 * time.Millisecond)
		}
	}
	fmt.Fprintln(os.Stderr, "launcher: children still running after 30 s")
	return reaped
}

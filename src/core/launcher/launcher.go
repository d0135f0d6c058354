// Perflab's launcher: one long-lived helper per run that starts benchmark processes for the lab
// (Node cannot make itself a child subreaper, set rlimits, read a child's rusage, or copy output
// outside its own event loop). It runs no repository code itself; it is built from this source
// with the user's Go toolchain into the data dir (src/core/proc/launcher.ts).
//
// Protocol: one JSON command per line on stdin, one JSON event per line on stdout. At start it
// prints {"ready":true,...}. {"op":"run",...} starts a command (argv, dir, explicit env, no
// shell) with stdout/stderr copied to files under a hard byte budget; it answers with a
// "started" event (the child's pid, which is also its process group: setsid) and then one
// "done" event with the outcome and wait4's rusage. {"op":"cancel","id":N} stops command N.
// EOF on stdin stops the running command and ends the launcher. One command runs at a time;
// {"op":"exec",...} runs a short command beside the queue with its output in the event (exec.go).
//
// No descendant escapes: on Linux the launcher is a child subreaper, so a daemon started with
// setsid is re-parented to it; after every command (done, cancel, timeout, output limit) it kills
// the child's process group, then kills and reaps adopted orphans until wait4 says ECHILD.
// Reaping uses wait4 only: the main child by pid, the rest with -1 once the main child is reaped.
//
// rlimits: a command with limits is started as this same binary in exec mode
// (`launcher -exec-with-rlimits AS CPU FSIZE PATH ARGS...`, 0 = no limit), which calls setrlimit
// on itself and then execve's the target: limits set between fork and exec, never on the
// launcher itself (a CPU limit there would count the launcher's own time; an address-space limit
// would bound its heap). The lab also runs short `go` and `git` commands through this exec mode
// directly (src/core/proc/child-limits.ts), without the protocol.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// The command running now and its cancel switch.
var (
	curMu     sync.Mutex
	curID     int64
	curCancel chan struct{}
	closing   bool // stdin ended: queued commands are answered as canceled, not started
	// Cancels that arrived before their command started (it was still queued).
	canceledEarly = map[int64]bool{}
	lastStarted   int64 // ids increase: a cancel of an older id is for a command already done
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-exec-with-rlimits" {
		execWithRlimits(os.Args[2:])
		return
	}
	sub := makeSubreaper()
	// A write to a lab that has gone returns EPIPE instead of killing the launcher before it has
	// cleaned up (a caught signal, unlike an ignored one, is reset to default for the children).
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	// SIGTERM, SIGINT or SIGHUP: stop like at EOF, cleaning up first.
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	go func() {
		<-term
		shutdown()
	}()
	emit(event{Event: "ready", Ready: true, Subreaper: sub, Launcher: os.Getpid()})
	runs := make(chan command, 16)
	go readCommands(runs)
	for {
		select {
		case c := <-runs:
			runOne(c)
		case <-quit:
			// Execs end (killed), then whatever they left behind (adopted orphans) goes too.
			execWG.Wait()
			reapOrphans()
			return
		}
	}
}

var (
	quit     = make(chan struct{})
	quitOnce sync.Once
)

// shutdown stops the running command and ends the launcher once it is cleaned up; queued
// commands are answered as canceled.
func shutdown() {
	quitOnce.Do(func() {
		curMu.Lock()
		closing = true
		curMu.Unlock()
		cancel(-1)
		cancelExec(-1)
		close(quit)
	})
}

// readCommands reads stdin: runs are queued, cancels act at once; EOF cancels and ends.
func readCommands(runs chan<- command) {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		var c command
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			// Answer the command's id when it can be read, so its caller is not left waiting.
			var idOnly struct {
				ID int64 `json:"id"`
			}
			json.Unmarshal(sc.Bytes(), &idOnly)
			emit(event{Event: "error", ID: idOnly.ID, Error: "bad command: " + err.Error()})
			continue
		}
		switch c.Op {
		case "run":
			runs <- c
		case "exec":
			go execOne(c)
		case "cancel":
			if !cancelExec(c.ID) {
				cancel(c.ID)
			}
		default:
			emit(event{Event: "error", ID: c.ID, Error: "unknown op " + strconv.Quote(c.Op)})
		}
	}
	// The lab is gone (or closed us): stop what runs, then end once it is cleaned up.
	shutdown()
}

func cancel(id int64) {
	curMu.Lock()
	defer curMu.Unlock()
	if curCancel != nil && (id == -1 || id == curID) {
		select {
		case <-curCancel:
		default:
			close(curCancel)
		}
		return
	}
	if id > lastStarted {
		canceledEarly[id] = true
	}
}

// budget is the output allowance shared by a command's stdout and stderr copies.
type budget struct {
	left     atomic.Int64
	received atomic.Int64
	over     chan struct{}
	once     sync.Once
}

// copyOut copies r to w (a file, or memory for an exec) until EOF, writing no byte beyond the
// budget shared by a command's streams; past it, it signals once and keeps draining (so no
// writer blocks) without writing.
func copyOut(r *os.File, w io.Writer, b *budget, wg *sync.WaitGroup) {
	defer wg.Done()
	defer r.Close()
	buf := make([]byte, 64*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			b.received.Add(int64(n))
			left := b.left.Add(-int64(n))
			keep := int64(n)
			if left < 0 {
				keep = max(int64(n)+left, 0)
				b.once.Do(func() { close(b.over) })
			}
			if keep > 0 {
				w.Write(buf[:keep])
			}
		}
		if err != nil {
			return
		}
	}
}

func runOne(c command) {
	// No exec runs meanwhile: reapOrphans below waits on any child.
	procMu.Lock()
	defer procMu.Unlock()
	done := event{Event: "done", ID: c.ID}
	cancelCh := make(chan struct{})
	curMu.Lock()
	curID, curCancel = c.ID, cancelCh
	stop := closing || canceledEarly[c.ID]
	delete(canceledEarly, c.ID)
	lastStarted = c.ID
	curMu.Unlock()
	if stop {
		done.Kind, done.Reason = "killed", "canceled"
		emit(done)
		return
	}
	defer func() {
		curMu.Lock()
		curCancel = nil
		curMu.Unlock()
	}()
	fail := func(err error) { emit(failed(done, err)) }

	if c.RlimitAS < 0 || c.RlimitCPU < 0 || c.RlimitFsize < 0 {
		fail(errors.New("negative rlimit"))
		return
	}
	stdoutFile, err := os.OpenFile(c.Stdout, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		fail(err)
		return
	}
	defer stdoutFile.Close()
	stderrFile := stdoutFile
	if c.Stderr != "" {
		if stderrFile, err = os.OpenFile(c.Stderr, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600); err != nil {
			fail(err)
			return
		}
		defer stderrFile.Close()
	}
	b := &budget{over: make(chan struct{})}
	limit := c.MaxOutputBytes
	if limit <= 0 {
		limit = 1 << 62
	}
	b.left.Store(limit)

	var wg sync.WaitGroup
	outR, outW, err := os.Pipe()
	if err != nil {
		fail(err)
		return
	}
	errW := outW
	var errR *os.File
	if c.Stderr != "" {
		if errR, errW, err = os.Pipe(); err != nil {
			outR.Close()
			outW.Close()
			fail(err)
			return
		}
	}
	// Standard input: the named file (read-only), else /dev/null.
	inPath := os.DevNull
	if c.Stdin != "" {
		inPath = c.Stdin
	}
	devnull, err := os.Open(inPath)
	if err != nil {
		outR.Close()
		outW.Close()
		if errR != nil {
			errR.Close()
			errW.Close()
		}
		fail(err)
		return
	}

	path, argv, err := commandArgv(c)
	if err != nil {
		fail(err)
		return
	}
	start := time.Now()
	pid, err := syscall.ForkExec(path, argv, &syscall.ProcAttr{
		Dir:   c.Dir,
		Env:   c.Env,
		Files: []uintptr{devnull.Fd(), outW.Fd(), errW.Fd()},
		Sys:   &syscall.SysProcAttr{Setsid: true},
	})
	devnull.Close()
	outW.Close()
	if errW != outW {
		errW.Close()
	}
	if err != nil {
		outR.Close()
		if errR != nil {
			errR.Close()
		}
		fail(err)
		return
	}
	// The child cannot be reaped before the waiter below starts, so its /proc entry is there.
	emit(event{Event: "started", ID: c.ID, Pid: pid, StartTicks: procStartTicks(pid)})
	wg.Add(1)
	go copyOut(outR, stdoutFile, b, &wg)
	if errR != nil {
		wg.Add(1)
		go copyOut(errR, stderrFile, b, &wg)
	}

	reaped := reap(pid)

	timeout, stopTimer := deadline(c.TimeoutMs)
	defer stopTimer()
	grace := time.Duration(c.GraceMs) * time.Millisecond
	if c.GraceMs <= 0 {
		grace = time.Second
	}
	reason := ""
	var w waited
	var leaderGone atomic.Bool
	startStop := func(why string) {
		if reason != "" {
			return
		}
		reason = why
		go stopGroup(pid, grace, &leaderGone)
	}
wait:
	for {
		select {
		case w = <-reaped:
			break wait
		case <-cancelCh:
			startStop("canceled")
			cancelCh = nil
		case <-timeout:
			startStop("timeout")
			timeout = nil
		case <-b.over:
			startStop("output-limit")
			b.over = nil
		}
	}
	wall := time.Since(start)
	leaderGone.Store(true)
	// Whatever is left of the group, and every orphan adopted on the way, goes now.
	syscall.Kill(-pid, syscall.SIGKILL)
	done.OrphansReaped = reapOrphans()
	// The copies end at EOF, once no process holds the pipes. Where a daemon escaped (no
	// subreaper), they are cut off after a short wait instead of waiting for it.
	copied := make(chan struct{})
	go func() {
		wg.Wait()
		close(copied)
	}()
	select {
	case <-copied:
	case <-time.After(2 * time.Second):
		outR.Close()
		if errR != nil {
			errR.Close()
		}
		<-copied
	}

	done.WallSec = wall.Seconds()
	done.OutputBytes = b.received.Load()
	if w.err != nil {
		done.Kind = "error"
		done.Error = "wait4: " + w.err.Error()
		emit(done)
		return
	}
	done.Usage = &usage{
		MaxRSSBytes: int64(w.ru.Maxrss) * maxrssUnit,
		UserSec:     tvSec(w.ru.Utime),
		SysSec:      tvSec(w.ru.Stime),
		Nvcsw:       int64(w.ru.Nvcsw),
		Nivcsw:      int64(w.ru.Nivcsw),
		Majflt:      int64(w.ru.Majflt),
	}
	ended(&done, reason, w.ws)
	emit(done)
}

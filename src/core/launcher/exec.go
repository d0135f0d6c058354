// Short commands for the lab (the git calls of a run's ref checks): {"op":"exec",...} runs a
// command beside the queue, its stdout and stderr kept in memory under a byte budget and
// returned in its "done" event (base64), so the lab forks no process of its own for it (a
// fork of the lab blocks its event loop until the child has exec'd: ~5-9 ms a call on a busy
// machine). Same hardening as a run: argv and explicit env, no shell, stdin /dev/null, its own
// session (setsid), rlimits through the exec mode, a timeout, the whole group killed once it
// ends. Execs run side by side with each other, never while a run's command runs: reaping
// adopted orphans (wait4 on any child) would take an exec's exit status.
package main

import (
	"bytes"
	"errors"
	"os"
	"sync"
	"syscall"
	"time"
)

var (
	// Held for writing by a run's command, for reading by each exec.
	procMu sync.RWMutex
	// Running execs by id: their cancel switch and process group, for cancel and shutdown.
	execMu   sync.Mutex
	execs    = map[int64]*execState{}
	execDone bool // shutdown began: no new exec starts
	// Execs under way: the launcher ends only once each has killed and reaped its command.
	execWG sync.WaitGroup
)

type execState struct {
	cancel chan struct{}
	once   sync.Once
}

func (s *execState) stop() { s.once.Do(func() { close(s.cancel) }) }

// cancelExec stops exec id (every exec for -1); false when no such exec runs.
func cancelExec(id int64) bool {
	execMu.Lock()
	defer execMu.Unlock()
	if id == -1 {
		execDone = true
		for _, s := range execs {
			s.stop()
		}
		return true
	}
	if s, ok := execs[id]; ok {
		s.stop()
		return true
	}
	return false
}

func execOne(c command) {
	done := event{Event: "done", ID: c.ID}
	st := &execState{cancel: make(chan struct{})}
	execMu.Lock()
	if execDone {
		execMu.Unlock()
		done.Kind, done.Reason = "killed", "canceled"
		emit(done)
		return
	}
	execs[c.ID] = st
	execWG.Add(1)
	execMu.Unlock()
	// A cancel read before this exec was registered was kept as an early cancel.
	curMu.Lock()
	if canceledEarly[c.ID] {
		delete(canceledEarly, c.ID)
		st.stop()
	}
	curMu.Unlock()
	defer func() {
		execMu.Lock()
		delete(execs, c.ID)
		execMu.Unlock()
		execWG.Done()
	}()
	fail := func(err error) { emit(failed(done, err)) }
	if c.RlimitAS < 0 || c.RlimitCPU < 0 || c.RlimitFsize < 0 || c.MaxOutputBytes <= 0 {
		fail(errors.New("negative rlimit or no output budget"))
		return
	}
	procMu.RLock()
	defer procMu.RUnlock()
	select {
	case <-st.cancel: // canceled (or the launcher is ending) while a run's command ran
		done.Kind, done.Reason = "killed", "canceled"
		emit(done)
		return
	default:
	}

	devnull, err := os.Open(os.DevNull)
	if err != nil {
		fail(err)
		return
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		devnull.Close()
		fail(err)
		return
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		devnull.Close()
		outR.Close()
		outW.Close()
		fail(err)
		return
	}
	path, argv, err := commandArgv(c)
	if err != nil {
		devnull.Close()
		outR.Close()
		outW.Close()
		errR.Close()
		errW.Close()
		fail(err)
		return
	}
	pid, err := syscall.ForkExec(path, argv, &syscall.ProcAttr{
		Dir:   c.Dir,
		Env:   c.Env,
		Files: []uintptr{devnull.Fd(), outW.Fd(), errW.Fd()},
		Sys:   &syscall.SysProcAttr{Setsid: true},
	})
	devnull.Close()
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		fail(err)
		return
	}
	b := &budget{over: make(chan struct{})}
	b.left.Store(c.MaxOutputBytes)
	var stdout, stderr bytes.Buffer
	var wg sync.WaitGroup
	wg.Add(2)
	go copyOut(outR, &stdout, b, &wg)
	go copyOut(errR, &stderr, b, &wg)

	reaped := reap(pid)
	timeout, stopTimer := deadline(c.TimeoutMs)
	defer stopTimer()
	reason := ""
	over := b.over
	cancelCh := st.cancel
	var w waited
wait:
	for {
		select {
		case w = <-reaped:
			break wait
		case <-cancelCh:
			reason, cancelCh = "canceled", nil
			syscall.Kill(-pid, syscall.SIGKILL)
		case <-timeout:
			reason, timeout = "timeout", nil
			syscall.Kill(-pid, syscall.SIGKILL)
		case <-over:
			reason, over = "output-limit", nil
			syscall.Kill(-pid, syscall.SIGKILL)
		}
	}
	// Whatever is left of the group goes now; adopted orphans are reaped after the next run's command.
	syscall.Kill(-pid, syscall.SIGKILL)
	copied := make(chan struct{})
	go func() {
		wg.Wait()
		close(copied)
	}()
	select {
	case <-copied:
	case <-time.After(2 * time.Second):
		outR.Close()
		errR.Close()
		<-copied
	}
	done.OutputBytes = b.received.Load()
	if w.err != nil {
		fail(errors.New("wait4: " + w.err.Error()))
		return
	}
	done.Stdout, done.Stderr = stdout.Bytes(), stderr.Bytes()
	ended(&done, reason, w.ws)
	emit(done)
}

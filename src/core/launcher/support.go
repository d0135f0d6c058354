// The rlimit exec mode, and the names the launcher reports (errno, signal, seconds).
package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"time"
)

// execWithRlimits is the exec mode: set the limits on this process, then become the command.
// AS (bytes), CPU (seconds) and FSIZE (bytes) are decimal; 0 leaves that limit as it is.
func execWithRlimits(a []string) {
	if len(a) < 4 {
		fmt.Fprintln(os.Stderr, "launcher: -exec-with-rlimits AS CPU FSIZE PATH ARGS...")
		os.Exit(127)
	}
	var n [3]uint64
	for i := range n {
		v, err := strconv.ParseUint(a[i], 10, 64)
		if err != nil {
			fmt.Fprintln(os.Stderr, "launcher: -exec-with-rlimits: bad limit", strconv.Quote(a[i]))
			os.Exit(127)
		}
		n[i] = v
	}
	as, cpu, fsize := n[0], n[1], n[2]
	if as > 0 {
		if err := syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: as, Max: as}); err != nil {
			fmt.Fprintln(os.Stderr, "launcher: setrlimit AS:", err)
			os.Exit(127)
		}
	}
	if cpu > 0 {
		if err := syscall.Setrlimit(syscall.RLIMIT_CPU, &syscall.Rlimit{Cur: cpu, Max: cpu + 1}); err != nil {
			fmt.Fprintln(os.Stderr, "launcher: setrlimit CPU:", err)
			os.Exit(127)
		}
	}
	if fsize > 0 {
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: fsize, Max: fsize}); err != nil {
			fmt.Fprintln(os.Stderr, "launcher: setrlimit FSIZE:", err)
			os.Exit(127)
		}
	}
	err := syscall.Exec(a[3], append([]string{a[3]}, a[4:]...), syscall.Environ())
	fmt.Fprintln(os.Stderr, "launcher: exec:", err)
	os.Exit(127)
}

func tvSec(tv syscall.Timeval) float64 {
	return float64(tv.Sec) + float64(tv.Usec)/1e6
}

func errnoName(e syscall.Errno) string {
	switch e {
	case syscall.ENOENT:
		return "ENOENT"
	case syscall.EACCES:
		return "EACCES"
	case syscall.E2BIG:
		return "E2BIG"
	case syscall.ENOEXEC:
		return "ENOEXEC"
	case syscall.ENOTDIR:
		return "ENOTDIR"
	case syscall.EPERM:
		return "EPERM"
	case syscall.ENOMEM:
		return "ENOMEM"
	}
	return "E" + strconv.Itoa(int(e))
}

func signalName(s syscall.Signal) string {
	names := map[syscall.Signal]string{
		syscall.SIGABRT: "SIGABRT", syscall.SIGBUS: "SIGBUS", syscall.SIGFPE: "SIGFPE", syscall.SIGHUP: "SIGHUP",
		syscall.SIGILL: "SIGILL", syscall.SIGINT: "SIGINT", syscall.SIGKILL: "SIGKILL", syscall.SIGPIPE: "SIGPIPE",
		syscall.SIGQUIT: "SIGQUIT", syscall.SIGSEGV: "SIGSEGV", syscall.SIGTERM: "SIGTERM", syscall.SIGXCPU: "SIGXCPU",
		syscall.SIGXFSZ: "SIGXFSZ", syscall.SIGTRAP: "SIGTRAP", syscall.SIGUSR1: "SIGUSR1", syscall.SIGUSR2: "SIGUSR2",
	}
	if n, ok := names[s]; ok {
		return n
	}
	return "signal " + strconv.Itoa(int(s))
}

// failed fills done as an error event for err (with its errno's name when it has one).
func failed(done event, err error) event {
	done.Kind = "error"
	done.Error = err.Error()
	var en syscall.Errno
	if errors.As(err, &en) {
		done.Errno = errnoName(en)
	}
	return done
}

// commandArgv is what to exec for c: the command itself, or this launcher's rlimit exec mode
// in front of it when c asks for limits.
func commandArgv(c command) (string, []string, error) {
	path, argv := c.Path, append([]string{c.Path}, c.Args...)
	if c.RlimitAS > 0 || c.RlimitCPU > 0 || c.RlimitFsize > 0 {
		self, err := selfExe()
		if err != nil {
			return "", nil, err
		}
		path = self
		argv = append([]string{self, "-exec-with-rlimits", strconv.FormatInt(c.RlimitAS, 10), strconv.FormatInt(c.RlimitCPU, 10),
			strconv.FormatInt(c.RlimitFsize, 10), c.Path}, c.Args...)
	}
	return path, argv, nil
}

// ended fills done with how the command ended: killed for reason, else its exit or signal.
func ended(done *event, reason string, ws syscall.WaitStatus) {
	switch {
	case reason != "":
		done.Kind, done.Reason = "killed", reason
	case ws.Exited():
		code := ws.ExitStatus()
		done.Kind, done.ExitCode = "exited", &code
	case ws.Signaled():
		done.Kind, done.Signal = "signaled", signalName(ws.Signal())
	default:
		done.Kind, done.Signal = "signaled", "unknown"
	}
}

// waited is how wait4 ended for a command, with its rusage.
type waited struct {
	ws  syscall.WaitStatus
	ru  syscall.Rusage
	err error
}

// reap waits for pid on a goroutine of its own (retrying on EINTR); the outcome arrives once.
func reap(pid int) <-chan waited {
	reaped := make(chan waited, 1)
	go func() {
		var w waited
		for {
			_, w.err = syscall.Wait4(pid, &w.ws, 0, &w.ru)
			if w.err != syscall.EINTR {
				break
			}
		}
		reaped <- w
	}()
	return reaped
}

// deadline fires once after ms milliseconds (never for ms <= 0); stop releases its timer.
func deadline(ms int64) (<-chan time.Time, func()) {
	if ms <= 0 {
		return nil, func() {}
	}
	t := time.NewTimer(time.Duration(ms) * time.Millisecond)
	return t.C, func() { t.Stop() }
}

// The rlimit exec mode, and the names the launcher reports (errno, signal, seconds).
package main

import (
	"fmt"
	"os"
	"strconv"
	"syscall"
)

// execWithRlimits is the exec mode: set the limits on this process, then become the command.
func execWithRlimits(a []string) {
	if len(a) < 3 {
		fmt.Fprintln(os.Stderr, "launcher: -exec-with-rlimits AS CPU PATH ARGS...")
		os.Exit(127)
	}
	as, _ := strconv.ParseUint(a[0], 10, 64)
	cpu, _ := strconv.ParseUint(a[1], 10, 64)
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
	err := syscall.Exec(a[2], append([]string{a[2]}, a[3:]...), syscall.Environ())
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

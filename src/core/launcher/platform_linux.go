// Linux parts of the launcher: the child subreaper, the children list, ru_maxrss in KiB.
package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

const maxrssUnit = 1024 // Linux reports ru_maxrss in KiB

const prSetChildSubreaper = 36

// selfExe names this binary for the rlimit exec mode; /proc/self/exe works even after
// `perflab gc` has removed the file.
func selfExe() (string, error) { return "/proc/self/exe", nil }

func makeSubreaper() bool {
	_, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0)
	return e == 0
}

// childPids lists the launcher's live children, adopted orphans included, from each thread's
// /proc/self/task/TID/children (a forked child's parent is the thread that forked it), else by
// scanning /proc for a matching parent pid.
func childPids() []int {
	var pids []int
	tasks, _ := filepath.Glob("/proc/self/task/*/children")
	if len(tasks) > 0 {
		for _, t := range tasks {
			b, err := os.ReadFile(t)
			if err != nil {
				continue
			}
			for _, f := range strings.Fields(string(b)) {
				if p, err := strconv.Atoi(f); err == nil {
					pids = append(pids, p)
				}
			}
		}
		return pids
	}
	self := os.Getpid()
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		rest := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(rest) > 1 {
			if pp, err := strconv.Atoi(rest[1]); err == nil && pp == self {
				pids = append(pids, p)
			}
		}
	}
	return pids
}

// procStartTicks is field 22 of /proc/PID/stat (start time in clock ticks since boot): with the
// pid it identifies a process, so the lab's start-up reaper never signals a reused pid.
func procStartTicks(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	s := string(b)
	rest := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(rest) < 20 {
		return ""
	}
	return rest[19]
}

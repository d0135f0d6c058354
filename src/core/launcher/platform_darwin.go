// macOS: no child subreaper (a daemon that leaves the process group is not ours to find),
// ru_maxrss in bytes. Other systems do not build the launcher (the lab then runs without it).
package main

import "os"

const maxrssUnit = 1

func selfExe() (string, error) { return os.Executable() }

func makeSubreaper() bool { return false }

func childPids() []int { return nil }

func procStartTicks(pid int) string { return "" }

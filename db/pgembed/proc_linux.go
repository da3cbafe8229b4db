package pgembed

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// setParentDeathSignal makes the kernel send postgres a fast-shutdown
// request if the Go process dies without calling Stop (e.g. SIGKILL), so a
// crashed `switchboard dev` does not leave an orphan holding the data dir.
// Go applies it after the credential switch, which would otherwise clear it.
func setParentDeathSignal(attr *syscall.SysProcAttr) {
	attr.Pdeathsig = syscall.SIGINT
}

// processCommand returns the command name of pid and whether it is a
// zombie; known is false when /proc cannot tell.
func processCommand(pid int) (name string, zombie, known bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "", false, false
	}
	// "1234 (postgres) S 1 ..." — the name may itself contain ") ".
	s := string(b)
	open, closing := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || closing < open {
		return "", false, false
	}
	rest := strings.Fields(s[closing+1:])
	return s[open+1 : closing], len(rest) > 0 && rest[0] == "Z", true
}

// servesOtherDir reports whether the postgres with this pid provably runs
// on a different data directory (postgres chdirs into its data directory),
// i.e. the pid in our lock file was reused by another cluster.
func servesOtherDir(pid int, dataDir string) bool {
	cwd, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/cwd")
	if err != nil {
		return false
	}
	if real, err := filepath.EvalSymlinks(dataDir); err == nil {
		dataDir = real
	}
	return cwd != dataDir
}

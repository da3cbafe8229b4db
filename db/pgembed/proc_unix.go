//go:build unix

package pgembed

import (
	"errors"
	"os"
	"slices"
	"syscall"
)

// procAttr puts the server in its own process group, so a Ctrl-C in the
// terminal reaches only the Go process, which then stops postgres after it
// has finished with the database, and drops root privileges when needed.
func procAttr(ra *runAs) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true}
	if ra != nil {
		attr.Credential = &syscall.Credential{Uid: ra.uid, Gid: ra.gid, Groups: ra.extraGids}
	}
	setParentDeathSignal(attr)
	return attr
}

// processAlive reports whether pid exists (EPERM means it does, owned by
// someone else).
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// canTraverse reports whether ra may search (x bit) the directory fi
// describes, following the owner → group → other precedence of the kernel.
func canTraverse(fi os.FileInfo, ra *runAs) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return true // cannot tell; let the server report it
	}
	perm := fi.Mode().Perm()
	switch {
	case st.Uid == ra.uid:
		return perm&0o100 != 0
	case st.Gid == ra.gid || slices.Contains(ra.extraGids, st.Gid):
		return perm&0o010 != 0
	default:
		return perm&0o001 != 0
	}
}

func fileOwner(fi os.FileInfo) (uid int, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}

//go:build unix && !linux

package pgembed

import "syscall"

func setParentDeathSignal(*syscall.SysProcAttr) {}

func processCommand(int) (name string, zombie, known bool) { return "", false, false }

func servesOtherDir(int, string) bool { return false }

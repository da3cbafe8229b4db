//go:build !unix

package pgembed

import (
	"os"
	"syscall"
)

func procAttr(*runAs) *syscall.SysProcAttr { return nil }

func processAlive(int) bool { return false }

func canTraverse(os.FileInfo, *runAs) bool { return true }

func fileOwner(os.FileInfo) (int, bool) { return 0, false }

func processCommand(int) (name string, zombie, known bool) { return "", false, false }

func servesOtherDir(int, string) bool { return false }

package pgembed

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// ErrNoBinaries is wrapped by FindBinDir (and Start) when the machine has no
// PostgreSQL server binaries, so a test helper can tell "cannot run here"
// apart from a real failure and skip.
var ErrNoBinaries = errors.New("no PostgreSQL server binaries found")

// debianPGRoot is where Debian/Ubuntu install one directory per major
// version; pg_config there is a wrapper whose --bindir may be /usr/bin, which
// holds only the client tools.
var debianPGRoot = "/usr/lib/postgresql"

// FindBinDir returns a directory holding initdb and postgres. It asks
// `pg_config --bindir` first, then takes the highest version under
// /usr/lib/postgresql/*/bin, then looks for initdb on $PATH.
func FindBinDir() (string, error) {
	var tried []string

	if pgConfig, err := exec.LookPath("pg_config"); err == nil {
		out, err := exec.Command(pgConfig, "--bindir").Output()
		dir := strings.TrimSpace(string(out))
		switch {
		case err != nil:
			tried = append(tried, fmt.Sprintf("`pg_config --bindir` failed: %v", err))
		case hasServerBinaries(dir):
			return dir, nil
		default:
			tried = append(tried, fmt.Sprintf("`pg_config --bindir` = %s (no initdb/postgres there)", dir))
		}
	} else {
		tried = append(tried, "pg_config not on $PATH")
	}

	if dir := highestVersionDir(debianPGRoot); dir != "" {
		return dir, nil
	}
	tried = append(tried, debianPGRoot+"/*/bin (none with initdb and postgres)")

	if initdb, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(initdb); err == nil {
			initdb = real
		}
		if dir := filepath.Dir(initdb); hasServerBinaries(dir) {
			return dir, nil
		}
		tried = append(tried, fmt.Sprintf("initdb on $PATH at %s has no postgres next to it", initdb))
	} else {
		tried = append(tried, "initdb not on $PATH")
	}

	return "", fmt.Errorf("pgembed: %w (%s); %s, or set Options.BinDir",
		ErrNoBinaries, strings.Join(tried, "; "), installHint())
}

func installHint() string {
	if runtime.GOOS == "darwin" {
		return "install them with `brew install postgresql@17`"
	}
	return "install them with `apt-get install postgresql` (Debian/Ubuntu; the server package, not just postgresql-client) or `dnf install postgresql-server` (Fedora/RHEL)"
}

// binDirForVersion returns the Debian-style bin directory of one major
// version, so an existing cluster keeps using the server that created it
// even after a newer major version is installed alongside.
func binDirForVersion(version string) string {
	dir := filepath.Join(debianPGRoot, version, "bin")
	if hasServerBinaries(dir) {
		return dir
	}
	return ""
}

func highestVersionDir(root string) string {
	entries, err := os.ReadDir(root)
	if err != nil {
		return ""
	}
	type candidate struct {
		version []int
		dir     string
	}
	var cands []candidate
	for _, e := range entries {
		v := parseVersion(e.Name())
		if v == nil {
			continue
		}
		dir := filepath.Join(root, e.Name(), "bin")
		if hasServerBinaries(dir) {
			cands = append(cands, candidate{v, dir})
		}
	}
	if len(cands) == 0 {
		return ""
	}
	best := slices.MaxFunc(cands, func(a, b candidate) int { return slices.Compare(a.version, b.version) })
	return best.dir
}

// parseVersion parses "15" or "9.6" into comparable parts; nil if s is not
// a version.
func parseVersion(s string) []int {
	var v []int
	for part := range strings.SplitSeq(s, ".") {
		n, err := strconv.Atoi(part)
		if err != nil || n < 0 {
			return nil
		}
		v = append(v, n)
	}
	return v
}

func hasServerBinaries(dir string) bool {
	if dir == "" {
		return false
	}
	return isExecutable(filepath.Join(dir, "initdb")) && isExecutable(filepath.Join(dir, "postgres"))
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// serverMajorVersion returns the major version of the postgres binary in
// binDir in the format PG_VERSION uses ("15", or "9.6" before PostgreSQL 10).
func serverMajorVersion(binDir string) (string, error) {
	out, err := exec.Command(filepath.Join(binDir, "postgres"), "--version").Output()
	if err != nil {
		return "", fmt.Errorf("pgembed: %s --version: %w", filepath.Join(binDir, "postgres"), err)
	}
	return parseServerVersion(string(out))
}

// parseServerVersion turns `postgres --version` output such as
// "postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)" into "15".
func parseServerVersion(out string) (string, error) {
	s := out
	if i := strings.Index(s, ")"); i >= 0 {
		s = s[i+1:]
	}
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return "", fmt.Errorf("pgembed: cannot parse %q", out)
	}
	// Cut "16beta1" / "17rc1" down to the number.
	full := fields[0]
	if i := strings.IndexFunc(full, func(r rune) bool { return r != '.' && (r < '0' || r > '9') }); i >= 0 {
		full = full[:i]
	}
	parts := strings.Split(full, ".")
	if parseVersion(parts[0]) == nil {
		return "", fmt.Errorf("pgembed: cannot parse %q", out)
	}
	if major, _ := strconv.Atoi(parts[0]); major < 10 && len(parts) > 1 {
		return parts[0] + "." + parts[1], nil
	}
	return parts[0], nil
}

//! Replacing an output folder so that an interruption (a kill, a power cut) never leaves it
//! half-written or missing.
//!
//! [`replace`] writes every file into a staging folder beside the target
//! (`<name>.tmp-<pid>`, same file system, so renames are atomic), flushes each file and the
//! folder to disk (`fsync`), then swaps the staging folder and the target in one step:
//!
//! - on Linux, `renameat2(RENAME_EXCHANGE)` exchanges the two names atomically, so at every
//!   instant the target name holds either the complete old output or the complete new one;
//!   the old one, now under the staging name, is then deleted;
//! - where the exchange is not available (another system, a file system without it), the old
//!   folder is renamed aside to `<name>.old-<pid>` and the new one renamed in. A kill between
//!   the two renames leaves the old output under `<name>.old-<pid>`; the next run puts it back
//!   under the target name before anything else (see below), so no output is ever lost.
//!
//! Every run first tidies what interrupted runs left beside the target: staging folders
//! (`<name>.tmp-<pid>`) and set-aside folders (`<name>.old-<pid>`) whose process is no longer
//! running. A set-aside folder is restored when the target is missing, deleted otherwise.
//! Messages name the target folder and file, never the staging path.

use crate::error::Error;
use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces the folder `target` by one holding exactly `files` (name, contents), as described
/// in the module documentation. The caller has checked that `target`, if present, may be
/// replaced.
pub fn replace<'a>(
    target: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<(), Error> {
    let (parent, name) = split(target)?;
    fs::create_dir_all(&parent).map_err(|e| Error::io(target, e))?;
    tidy(&parent, &name, target)?;
    let staging = sibling(&parent, &name, "tmp", std::process::id());
    if let Err(e) = stage(&staging, target, files) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let swapped = swap(&staging, target, &parent, &name, exchange);
    // Whatever happened, nothing may stay under the staging name: after an exchange it holds
    // the old output, after a failure the unused new one.
    let _ = fs::remove_dir_all(&staging);
    swapped?;
    sync_dir(&parent).map_err(|e| Error::io(target, e))
}

/// The folder holding `target`, and `target`'s own name.
fn split(target: &Path) -> Result<(PathBuf, OsString), Error> {
    let name = target.file_name().ok_or_else(|| {
        Error::io(
            target,
            io::Error::new(io::ErrorKind::InvalidInput, "the output folder must have a name"),
        )
    })?;
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name.to_os_string()))
}

/// `<parent>/<name>.<kind>-<pid>`.
fn sibling(parent: &Path, name: &OsStr, kind: &str, pid: u32) -> PathBuf {
    let mut n = name.to_os_string();
    n.push(format!(".{kind}-{pid}"));
    parent.join(n)
}

/// Writes and flushes every file into a fresh `staging` folder, then flushes the folder.
/// Errors name the file's final place inside `target`.
fn stage<'a>(
    staging: &Path,
    target: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<(), Error> {
    if fs::symlink_metadata(staging).is_ok() {
        fs::remove_dir_all(staging).map_err(|e| Error::io(target, e))?;
    }
    fs::create_dir(staging).map_err(|e| Error::io(target, e))?;
    for (name, bytes) in files {
        let write = || -> io::Result<()> {
            let mut f = File::create(staging.join(name))?;
            f.write_all(bytes)?;
            f.sync_all()
        };
        write().map_err(|e| Error::io(target.join(name), e))?;
    }
    sync_dir(staging).map_err(|e| Error::io(target, e))
}

/// How two names are exchanged atomically (a parameter so that tests can take the fallback).
type Exchange = fn(&Path, &Path) -> io::Result<()>;

/// Puts `staging` under the name `target`, the old `target` (if any) going away.
fn swap(
    staging: &Path,
    target: &Path,
    parent: &Path,
    name: &OsStr,
    exchange: Exchange,
) -> Result<(), Error> {
    if fs::symlink_metadata(target).is_err() {
        return fs::rename(staging, target).map_err(|e| Error::io(target, e));
    }
    match exchange(staging, target) {
        Ok(()) => return Ok(()),
        Err(e) if !exchange_unsupported(&e) => return Err(Error::io(target, e)),
        Err(_) => {}
    }
    // Fallback: set the old output aside, rename the new one in, drop the old one.
    let old = sibling(parent, name, "old", std::process::id());
    if fs::symlink_metadata(&old).is_ok() {
        fs::remove_dir_all(&old).map_err(|e| Error::io(target, e))?;
    }
    fs::rename(target, &old).map_err(|e| Error::io(target, e))?;
    if let Err(e) = fs::rename(staging, target) {
        let _ = fs::rename(&old, target);
        return Err(Error::io(target, e));
    }
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// Exchanges the names `a` and `b` atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in a path"))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call; renameat2
    // reads them and changes only directory entries.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether an exchange failed only because the system or file system lacks it.
fn exchange_unsupported(e: &io::Error) -> bool {
    #[cfg(unix)]
    if let Some(code) = e.raw_os_error() {
        return code == libc::EINVAL || code == libc::ENOSYS || code == libc::EOPNOTSUPP;
    }
    e.kind() == io::ErrorKind::Unsupported
}

/// Flushes a folder's entries to disk (on systems where a folder can be opened and synced).
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Removes what interrupted runs left beside `target`, restoring a set-aside output whose
/// target is missing. Only entries named `<name>.tmp-<pid>` / `<name>.old-<pid>` of a process
/// that is no longer running are touched.
fn tidy(parent: &Path, name: &OsStr, target: &Path) -> Result<(), Error> {
    let Some(name) = name.to_str() else { return Ok(()) };
    let Ok(entries) = fs::read_dir(parent) else { return Ok(()) };
    let mut leftovers: Vec<(String, u32, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(name)) else { continue };
        let Some((kind, pid)) = rest.strip_prefix('.').and_then(|r| r.split_once('-')) else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if (kind == "tmp" || kind == "old") && !running(pid) {
            leftovers.push((kind.to_string(), pid, entry.path()));
        }
    }
    // Oldest process id last is no real order; sort for a deterministic choice.
    leftovers.sort();
    for (kind, _, path) in leftovers {
        if kind == "old" && fs::symlink_metadata(target).is_err() {
            fs::rename(&path, target).map_err(|e| Error::io(target, e))?;
        } else {
            fs::remove_dir_all(&path).map_err(|e| Error::io(target, e))?;
        }
    }
    Ok(())
}

/// Whether process `pid` is running (this process counts as not running: its own leftovers
/// from an earlier run under the same id are stale).
fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
        // SAFETY: signal 0 only checks that the process exists; nothing is sent.
        let rc = unsafe { libc::kill(pid, 0) };
        rc == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    fn files(tag: &str) -> Vec<(String, Vec<u8>)> {
        (0..5).map(|i| (format!("f{i}.txt"), format!("{tag} {i}").into_bytes())).collect()
    }

    fn put(target: &Path, tag: &str) -> Result<(), Error> {
        let f = files(tag);
        replace(target, f.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
    }

    fn read(target: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(target)
            .unwrap()
            .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        v.sort();
        v
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    }

    /// A process id that has just ended.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn creates_then_replaces_leaving_nothing_beside() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        put(&out, "a").unwrap();
        assert_eq!(read(&out), (0..5).map(|i| format!("a {i}")).collect::<Vec<_>>());
        put(&out, "b").unwrap();
        assert_eq!(read(&out), (0..5).map(|i| format!("b {i}")).collect::<Vec<_>>());
        assert_eq!(names(dir.path()), vec!["out"]);
    }

    /// The contents of the folder `target` names now, read through one open handle so that a
    /// swap during the reading cannot mix two versions; `None` when that folder was swapped
    /// out (and is being deleted) while it was read.
    #[cfg(target_os = "linux")]
    fn read_one_version(target: &Path) -> Option<Vec<String>> {
        use std::os::fd::AsRawFd;
        use std::os::unix::fs::MetadataExt;
        let handle = File::open(target).expect("the target exists at every instant");
        let base = PathBuf::from(format!("/proc/self/fd/{}", handle.as_raw_fd()));
        let mut v = Vec::new();
        for e in fs::read_dir(&base).unwrap() {
            match fs::read_to_string(base.join(e.unwrap().file_name())) {
                Ok(text) => v.push(text),
                Err(_) => break,
            }
        }
        v.sort();
        // Still the folder under the target name? Otherwise the swap moved it out (to be
        // deleted) while it was read, and this look proves nothing.
        let ino = handle.metadata().unwrap().ino();
        let still = fs::metadata(target).is_ok_and(|m| m.ino() == ino);
        if v.len() < 5 && !still { None } else { Some(v) }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_target_is_always_a_complete_old_or_new_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        put(&out, "v0").unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let watcher = {
            let (out, stop) = (out.clone(), Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut looks = 0;
                while !stop.load(Ordering::Relaxed) {
                    // Each look must find the folder with all five files of one version.
                    let Some(contents) = read_one_version(&out) else { continue };
                    assert_eq!(contents.len(), 5, "incomplete: {contents:?}");
                    let tag = contents[0].split(' ').next().unwrap().to_string();
                    assert!(contents.iter().all(|c| c.starts_with(&format!("{tag} "))));
                    looks += 1;
                }
                looks
            })
        };
        for k in 1..50 {
            put(&out, &format!("v{k}")).unwrap();
        }
        stop.store(true, Ordering::Relaxed);
        assert!(watcher.join().unwrap() > 0);
    }

    #[test]
    fn stale_leftovers_are_removed_and_a_set_aside_output_restored() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let dead = dead_pid();
        // An interrupted fallback swap: the old output set aside, the target missing.
        let old = sibling(dir.path(), OsStr::new("out"), "old", dead);
        fs::create_dir(&old).unwrap();
        fs::write(old.join("f0.txt"), "previous").unwrap();
        let tmp = sibling(dir.path(), OsStr::new("out"), "tmp", dead);
        fs::create_dir(&tmp).unwrap();
        fs::write(tmp.join("half"), "x").unwrap();
        // Another folder's leftovers and a live process's staging are not touched.
        let other = dir.path().join(format!("outer.tmp-{dead}"));
        fs::create_dir(&other).unwrap();
        let live = sibling(dir.path(), OsStr::new("out"), "tmp", 1);
        fs::create_dir(&live).unwrap();

        tidy(dir.path(), OsStr::new("out"), &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("f0.txt")).unwrap(), "previous");
        assert!(!tmp.exists() && !old.exists());
        assert!(other.exists() && live.exists());

        put(&out, "new").unwrap();
        assert_eq!(read(&out).len(), 5);
        assert!(!sibling(dir.path(), OsStr::new("out"), "old", dead).exists());
    }

    #[test]
    fn the_fallback_swap_replaces_too() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        put(&out, "a").unwrap();
        let staging = sibling(dir.path(), OsStr::new("out"), "tmp", std::process::id());
        fs::create_dir(&staging).unwrap();
        fs::write(staging.join("n"), "new").unwrap();
        let unsupported: Exchange = |_, _| Err(io::Error::from_raw_os_error(libc::EINVAL));
        swap(&staging, &out, dir.path(), OsStr::new("out"), unsupported).unwrap();
        assert_eq!(names(&out), vec!["n"]);
        assert_eq!(names(dir.path()), vec!["out"]);
        // Any other failure of the exchange is reported, naming the target, and changes nothing.
        fs::create_dir(&staging).unwrap();
        let denied: Exchange = |_, _| Err(io::Error::from_raw_os_error(libc::EACCES));
        let e = swap(&staging, &out, dir.path(), OsStr::new("out"), denied).unwrap_err();
        assert!(e.to_string().starts_with(&out.display().to_string()), "{e}");
        assert_eq!(names(&out), vec!["n"]);
    }

    #[test]
    fn errors_name_the_target_not_the_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        put(&out, "a").unwrap();
        let bad: [(&str, &[u8]); 1] = [("no/such/dir.txt", b"x")];
        let e = replace(&out, bad).unwrap_err().to_string();
        assert!(e.contains(&out.join("no/such/dir.txt").display().to_string()), "{e}");
        assert!(!e.contains(".tmp-"), "{e}");
        // The old output is untouched and nothing is left beside it.
        assert_eq!(read(&out).len(), 5);
        assert_eq!(names(dir.path()), vec!["out"]);
    }
}

// What to try after each kind of error: the lab's message says what went wrong (one human
// description per code, from src/shared/errors.ts); this adds the next step in the UI's terms.
import type { LabError } from '../../../shared/errors.js';

export function adviceFor(e: LabError): string {
  switch (e.code) {
    case 'InvalidInput':
      return 'Correct the highlighted value and try again.';
    case 'NotAGoModule':
      return 'Pick the directory that holds go.mod (the module root, or a module inside a repository).';
    case 'NotAGitRepo':
      return 'Perflab compares git refs: run `git init` and commit, or pick a module inside a git repository.';
    case 'RepoNotFound':
      return 'Add the repository on the Repositories page first.';
    case 'RepoNotTrusted':
      return 'Trust the repository on the Repositories page if you would run its tests yourself.';
    case 'InvalidRef':
      return 'Use a branch, tag or commit name (or WORKTREE for your uncommitted changes).';
    case 'RefNotFound':
      return 'Pick a ref from the list of branches and recent commits; fetch it first if it is remote.';
    case 'RefNotInRun':
      return 'Name a ref of that run: its typed name, a unique commit prefix (4 or more hex digits) or the full commit.';
    case 'AmbiguousRef':
      return 'Type more hex digits of the commit, or use the ref name.';
    case 'InvalidRegex':
      return 'The pattern uses Go (RE2) syntax: no lookahead or backreferences.';
    case 'PackageNotFound':
      return 'Pick packages from the tree on the Repositories page.';
    case 'NoBenchmarks':
      return 'Widen the -bench pattern; the preview shows what it matches.';
    case 'BuildFailed':
      return 'Fix the compile error shown below at that ref, or leave that ref out.';
    case 'RunNotFound':
      return 'The run may have been deleted: open History to pick another.';
    case 'RunFailed':
      return 'Open the run to read its log and failed cells.';
    case 'FileNotFound':
      return 'Check the path; it is read on the machine running the lab.';
    case 'NotARegularFile':
      return 'Give the path of an ordinary file (not a directory, device, pipe or symbolic link where one is refused).';
    case 'FileTooLarge':
      return 'The file is over the size limit: pass a smaller file or split it.';
    case 'FileUnreadable':
      return 'Check the file permissions; it is read on the machine running the lab.';
    case 'UnsafeDirectory':
      return 'Remove or fix the directory named above (it must be yours, mode 0700, not a symbolic link), or set PERFLAB_LOCK_DIR.';
    case 'SpawnFailed':
      return 'A program could not be started: a test binary may have been removed (perflab gc?) or not be executable. Run again.';
    case 'ParseError':
      return 'The file is not in Go benchmark format at that line.';
    case 'ToolMissing':
      return 'Install the tool named above (or put it on PATH) and restart the lab.';
    case 'ToolFailed':
      return 'Read the tool output below; re-running usually shows the same error.';
    case 'ProfileTooLarge':
      return 'Capture a shorter profile (lower -benchtime for profiles) or focus it.';
    case 'ProfileCorrupt':
      return 'Capture the profile again; the stored file does not decode.';
    case 'ProfileNotFound':
      return 'This run has no such profile: start a run with profiles to capture.';
    case 'DatabaseTooNew':
      return 'Update Perflab to read this data directory, or use another --data-dir.';
    case 'DatabaseCorrupt':
      return 'Restore the backup next to the database, or use another --data-dir.';
    case 'Unauthorized':
      return 'Open the URL that `perflab serve` printed: the token changes at every start.';
    case 'Canceled':
      return 'Start the run again when you are ready.';
    case 'Conflict':
      return 'Wait for the other operation to finish, or try again after an update.';
    case 'LabUnreachable':
      return 'The lab server stopped or cannot be reached. Start it again (perflab serve prints a new URL; the desktop app restarts it) and try again.';
    case 'Internal':
      return e.detail?.stack
        ? 'This is a bug in Perflab: the detail below helps to report it.'
        : 'Try again; if it happens again, it is a bug in Perflab worth reporting with the message above.';
  }
}

/** The extra text worth showing under the message (build output, tool output), if any. */
export function errorDetailText(e: LabError): string | null {
  switch (e.code) {
    case 'BuildFailed':
      return e.detail.output || null;
    case 'ToolFailed':
      return e.detail.output || null;
    case 'InvalidRegex':
      return e.detail.reason;
    case 'Internal':
      return e.detail?.stack ?? null;
    case 'LabUnreachable':
      return null;
    default:
      return null;
  }
}

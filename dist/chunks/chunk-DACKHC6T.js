import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/git/hardened-git.ts
import { execFile } from "node:child_process";
var HARDENING = ["-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.untrackedCache=false", "-c", "protocol.allow=never", "-c", "maintenance.auto=false", "-c", "gc.auto=0"];
var hardenedEnv = (env) => ({ PATH: process.env.PATH ?? "/usr/bin:/bin", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C", ...env });
function hardenedGit(cwd, args, options = {}) {
  const argv = [...HARDENING, ...args];
  const env = hardenedEnv(options.env);
  return new Promise((resolve, reject) => {
    const child = execFile("git", argv, { cwd, env, encoding: "buffer", maxBuffer: 512 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = typeof error?.code === "number" ? error.code : error ? -1 : 0;
      if (!error || options.okExitCodes?.includes(code)) resolve(stdout);
      else reject(new Error(`git ${args[0]} failed (${code}): ${stderr.toString("utf8").trim().slice(0, 300) || error.message}`));
    });
    child.stdin?.on("error", () => void 0);
    child.stdin?.end(options.input);
  });
}
var shellWord = (word) => `'${word.replaceAll("'", `'\\''`)}'`;
var subcommand = (args) => args.find((a, i) => a !== "-c" && args[i - 1] !== "-c") ?? "git";
function hardenedGitSequence(cwd, commands) {
  const script = ["set -e", ...commands.map((args) => ["git", ...HARDENING, ...args].map(shellWord).join(" "))].join("\n");
  const names = commands.map(subcommand).join(", ");
  return new Promise((resolve, reject) => {
    execFile("/bin/sh", ["-c", script], { cwd, env: hardenedEnv(), encoding: "buffer", maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) resolve();
      else reject(new Error(`git ${names} failed (${typeof error.code === "number" ? error.code : -1}): ${stderr.toString("utf8").trim().slice(0, 300) || error.message}`));
    });
  });
}

export {
  hardenedGit,
  hardenedGitSequence
};

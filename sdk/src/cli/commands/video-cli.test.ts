import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../../..");
const VIDEO = join(ROOT, "fixtures/video");

/** Runs `npx auteur ...` from the repository root, as a user would. */
function auteur(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync("npx", ["auteur", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same bin file started directly, for flag errors (see similar.test.ts). */
function auteurBin(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "sdk/bin/auteur.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** ffmpeg must be present in CI; elsewhere these tests are skipped with a message. */
function requireFfmpeg(ctx: Mocha.Context): void {
  const probe = spawnSync(process.env.AUTEUR_FFMPEG ?? "ffmpeg", ["-version"], { stdio: "ignore" });
  if (probe.status === 0) return;
  if (process.env.CI) throw new Error("ffmpeg is required in CI (apt-get install ffmpeg)");
  console.log(
    "    (ffmpeg not found: skipping the video CLI tests; apt-get install ffmpeg to run them)",
  );
  ctx.skip();
}

describe("auteur video-hash / video-match (CLI)", function () {
  before(function () {
    requireFfmpeg(this);
  });

  it("video-hash --json prints one object with 5 frames per second", function () {
    const r = auteur(["video-hash", join(VIDEO, "doorknob-hd-no-bar.mp4"), "--json"]);
    expect(r.code, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout);
    expect(out).to.include({ file: join(VIDEO, "doorknob-hd-no-bar.mp4"), algo: "frame", fps: 5 });
    expect(out.frames).to.have.length(20);
    expect(out.duration).to.equal(4);
    expect(out.frames[3].time).to.equal(0.6);
    for (const f of out.frames) expect(f.hash).to.match(/^[0-9a-f]{64}$/);
  });

  it("video-hash prints one line per frame without --json", function () {
    const r = auteur(["video-hash", join(VIDEO, "doorknob-hd-no-bar.mp4"), "--algo", "vpdq"]);
    expect(r.code, r.stderr).to.equal(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).to.match(/^# .*20 frames, vpdq, 5 fps, 4\.0 s$/);
    expect(lines.slice(1)).to.have.length(20);
    expect(lines[1]).to.match(/^0\.0 [0-9a-f]{64}( -)?$/);
  });

  it("video-match: the pattern clip is no duplicate of the doorknob clip (exit 0)", function () {
    const r = auteur([
      "video-match",
      join(VIDEO, "pattern-sd-grey-bar.mp4"),
      join(VIDEO, "doorknob-hd-no-bar.mp4"),
      "--json",
    ]);
    expect(r.code, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout);
    expect(out).to.include({ duplicate: false, matchedFrames: 0, algo: "frame", threshold: 32 });
    expect(out.framesA).to.equal(34);
  });

  it("video-match: chair-19 is a duplicate of chair-22, 3.6 s into it", function () {
    const r = auteur([
      "video-match",
      join(VIDEO, "chair-19-sd-bar.mp4"),
      join(VIDEO, "chair-22-with-small-logo-bar.mp4"),
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^DUPLICATE/);
    expect(r.stdout).to.match(/offset: \+3\.[4-8] s/);
  });

  it("exits 2 for bad input and 1 with the fix when ffmpeg is missing", function () {
    const missing = auteurBin(["video-hash", join(VIDEO, "nope.mp4")]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/VIDEO_NOT_FOUND/);
    const notVideo = auteur([
      "video-match",
      join(ROOT, "package.json"),
      join(VIDEO, "doorknob-hd-no-bar.mp4"),
    ]);
    expect(notVideo.code).to.equal(2);
    expect(notVideo.stderr).to.match(/VIDEO_UNREADABLE/);
    expect(auteurBin(["video-match", join(VIDEO, "doorknob-hd-no-bar.mp4")]).code).to.equal(2);
    const badAlgo = auteurBin(["video-hash", join(VIDEO, "doorknob-hd-no-bar.mp4"), "--algo", "x"]);
    expect(badAlgo.code).to.equal(2);
    expect(badAlgo.stderr).to.match(/--algo must be/);
    expect(auteurBin(["video-match", "a.mp4", "b.mp4", "--threshold", "300"]).code).to.equal(2);
    const noFfmpeg = auteur(["video-hash", join(VIDEO, "doorknob-hd-no-bar.mp4")], {
      AUTEUR_FFMPEG: "/nonexistent/ffmpeg",
    });
    expect(noFfmpeg.code).to.equal(1);
    expect(noFfmpeg.stderr).to.match(/FFMPEG_MISSING/);
    expect(noFfmpeg.stderr).to.match(/apt-get install ffmpeg/);
  });
});

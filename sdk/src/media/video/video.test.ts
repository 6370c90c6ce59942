import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AuteurError, AuteurInputError } from "../../errors.js";
import {
  frameHashFromGrey16,
  hashVideo,
  matchVideoHashes,
  VideoIndex,
  type HashVideoReturnType,
  type VideoHashAlgorithm,
} from "./index.js";

const FIXTURES = resolve(
  fileURLToPath(new URL(".", import.meta.url)),
  "../../../../fixtures/video",
);
const CLIPS = [
  "chair-19-sd-bar.mp4",
  "chair-22-sd-grey-bar.mp4",
  "chair-22-with-small-logo-bar.mp4",
  "doorknob-hd-no-bar.mp4",
  "pattern-sd-grey-bar.mp4",
];
const family = (clip: string) => clip.split("-")[0];

/** ffmpeg must be present in CI; elsewhere the video suites are skipped with a message. */
function requireFfmpeg(ctx: Mocha.Context): void {
  const probe = spawnSync(process.env.AUTEUR_FFMPEG ?? "ffmpeg", ["-version"], { stdio: "ignore" });
  if (probe.status === 0) return;
  if (process.env.CI) throw new Error("ffmpeg is required in CI (apt-get install ffmpeg)");
  console.log("    (ffmpeg not found: skipping video tests; apt-get install ffmpeg to run them)");
  ctx.skip();
}

async function expectError(promise: Promise<unknown>, code: string): Promise<AuteurError> {
  try {
    await promise;
  } catch (e) {
    expect(e).to.be.instanceOf(AuteurError);
    expect((e as AuteurError).code).to.equal(code);
    return e as AuteurError;
  }
  throw new Error(`expected ${code}`);
}

describe("video frame hash", function () {
  it("sets a bit for each pixel above the frame's mean, row-major, most significant first", function () {
    const pixels = new Uint8Array(256);
    // Dark left half (so no mirroring), one bright pixel at (x=9, y=0) and one at (x=0, y=15).
    pixels.fill(10);
    for (let y = 0; y < 16; y++) for (let x = 8; x < 16; x++) pixels[y * 16 + x] = 20;
    pixels[9] = 200;
    const { hex, flipped, hash } = frameHashFromGrey16(pixels);
    expect(flipped).to.equal(false);
    // Mean is just above 15: the right half (20) is set, the left half (10) is not.
    expect(hex.slice(0, 4)).to.equal("00ff");
    expect(hash[0]).to.equal(0x00);
    expect(hash[1]).to.equal(0xff);
    expect(hash.length).to.equal(32);
  });

  it("mirrors a frame whose right half is darker, so a flipped copy hashes the same", function () {
    const frame = new Uint8Array(256);
    for (let i = 0; i < 256; i++) frame[i] = (i * 37 + (i >> 4) * 11) % 251;
    const mirrored = new Uint8Array(256);
    for (let y = 0; y < 16; y++)
      for (let x = 0; x < 16; x++) mirrored[y * 16 + x] = frame[y * 16 + 15 - x];
    const a = frameHashFromGrey16(frame);
    const b = frameHashFromGrey16(mirrored);
    expect(a.hex).to.equal(b.hex);
    expect(a.flipped).to.not.equal(b.flipped);
  });

  it("reports a flat frame as spread 0", function () {
    expect(frameHashFromGrey16(new Uint8Array(256).fill(77)).spread).to.equal(0);
  });
});

describe("video duplicate detection on fixtures/video", function () {
  const hashes = new Map<string, HashVideoReturnType>();
  before(async function () {
    requireFfmpeg(this);
    // ffmpeg runs in its own processes: decoding the clips side by side uses both cores.
    const all = await Promise.all(CLIPS.map((clip) => hashVideo(join(FIXTURES, clip))));
    CLIPS.forEach((clip, i) => hashes.set(clip, all[i]));
  });

  it("samples 5 frames per second with 256-bit hashes", function () {
    const chair = hashes.get("chair-22-sd-grey-bar.mp4")!;
    expect(chair.fps).to.equal(5);
    // 22.43 s of video at 5 fps.
    expect(chair.frames.length).to.be.within(111, 113);
    expect(chair.frames[10].time).to.equal(2);
    expect(chair.frames[0].hex).to.match(/^[0-9a-f]{64}$/);
  });

  for (const a of CLIPS) {
    for (const b of CLIPS) {
      if (a >= b) continue;
      const same = family(a) === family(b);
      it(`${a} vs ${b}: ${same ? "duplicate" : "no match"}`, function () {
        const m = matchVideoHashes(hashes.get(a)!, hashes.get(b)!);
        expect(m.duplicate).to.equal(same);
        if (same) expect(m.fraction).to.be.greaterThan(0.85);
        else expect(m.matchedFrames).to.equal(0);
      });
    }
  }

  it("finds the 3.6 s trim between chair-19 and chair-22, in both directions", function () {
    const short = hashes.get("chair-19-sd-bar.mp4")!;
    const long = hashes.get("chair-22-sd-grey-bar.mp4")!;
    expect(matchVideoHashes(short, long).offsetSeconds).to.be.closeTo(3.6, 0.21);
    expect(matchVideoHashes(long, short).offsetSeconds).to.be.closeTo(-3.6, 0.21);
  });

  it("answers 'duplicate of video X' from an index of all clips", function () {
    const index = new VideoIndex("frame");
    for (const clip of CLIPS) index.add(clip, hashes.get(clip)!);
    for (const clip of CLIPS) {
      const dupes = index
        .match(hashes.get(clip)!)
        .filter((m) => m.duplicate && m.video !== clip)
        .map((m) => m.video)
        .sort();
      expect(dupes, clip).to.deep.equal(
        CLIPS.filter((c) => c !== clip && family(c) === family(clip)),
      );
    }
    expect(() => index.add(CLIPS[0], hashes.get(CLIPS[0])!)).to.throw(AuteurInputError);
  });

  it("matches a horizontally mirrored copy frame for frame", async function () {
    const dir = await mkdtemp(join(tmpdir(), "auteur-video-"));
    try {
      const out = join(dir, "mirrored.mp4");
      const r = spawnSync("ffmpeg", [
        "-v",
        "error",
        "-i",
        join(FIXTURES, "pattern-sd-grey-bar.mp4"),
        "-vf",
        "hflip",
        "-an",
        "-c:v",
        "mpeg4",
        "-q:v",
        "4",
        "-y",
        out,
      ]);
      expect(r.status).to.equal(0);
      const m = matchVideoHashes(hashes.get("pattern-sd-grey-bar.mp4")!, await hashVideo(out));
      expect(m.duplicate).to.equal(true);
      expect(m.fraction).to.be.greaterThan(0.9);
      expect(m.offsetFrames).to.equal(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("vPDQ (per-frame PDQ)", function () {
  const hashes = new Map<string, HashVideoReturnType>();
  const algorithm: VideoHashAlgorithm = "vpdq";
  before(async function () {
    requireFfmpeg(this);
    const all = await Promise.all(
      CLIPS.map((clip) => hashVideo(join(FIXTURES, clip), { algorithm })),
    );
    CLIPS.forEach((clip, i) => hashes.set(clip, all[i]));
  });

  it("hashes frames with PDQ quality and leaves low-quality frames out of matching", function () {
    const door = hashes.get("doorknob-hd-no-bar.mp4")!;
    expect(door.algorithm).to.equal("vpdq");
    for (const f of door.frames) expect(f.usable).to.equal(f.quality >= 50);
    expect(door.frames.some((f) => !f.usable)).to.equal(true);
  });

  for (const a of CLIPS) {
    for (const b of CLIPS) {
      if (a >= b) continue;
      const same = family(a) === family(b);
      it(`${a} vs ${b}: ${same ? "duplicate" : "no matching frame at all"}`, function () {
        const m = matchVideoHashes(hashes.get(a)!, hashes.get(b)!);
        expect(m.duplicate).to.equal(same);
        if (!same) expect(m.matchedFrames).to.equal(0);
      });
    }
  }

  it("refuses to compare hashes of different algorithms", function () {
    const index = new VideoIndex("frame");
    expect(() => index.add("x", hashes.get(CLIPS[0])!)).to.throw(
      AuteurInputError,
      /frame hashes, got vpdq/,
    );
  });
});

describe("video bad input", function () {
  let dir: string;
  before(async function () {
    requireFfmpeg(this);
    dir = await mkdtemp(join(tmpdir(), "auteur-video-bad-"));
  });
  after(async function () {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("names a missing file", async function () {
    const err = await expectError(hashVideo(join(dir, "nope.mp4")), "VIDEO_NOT_FOUND");
    expect(err).to.be.instanceOf(AuteurInputError);
  });

  it("rejects a zero-byte file, a text file and a truncated video as unreadable", async function () {
    const empty = join(dir, "empty.mp4");
    await writeFile(empty, "");
    await expectError(hashVideo(empty), "VIDEO_UNREADABLE");
    const text = join(dir, "notes.mp4");
    await writeFile(text, "this is not a video\n".repeat(100));
    await expectError(hashVideo(text), "VIDEO_UNREADABLE");
    const truncated = join(dir, "truncated.mp4");
    const bytes = await readFile(join(FIXTURES, "pattern-sd-grey-bar.mp4"));
    await writeFile(truncated, bytes.subarray(0, 4096));
    const err = await expectError(hashVideo(truncated), "VIDEO_UNREADABLE");
    expect(err).to.be.instanceOf(AuteurInputError);
    expect(err.hints.join(" ")).to.match(/ffprobe/);
  });

  it("says how to install ffmpeg when the binary is missing", async function () {
    const err = await expectError(
      hashVideo(join(FIXTURES, "doorknob-hd-no-bar.mp4"), {
        ffmpegPath: join(dir, "no-ffmpeg-here"),
      }),
      "FFMPEG_MISSING",
    );
    expect(err).to.not.be.instanceOf(AuteurInputError);
    expect(err.hints.join(" ")).to.match(/apt-get install ffmpeg/);
  });

  it("rejects an unknown algorithm and invalid match options", async function () {
    await expectError(
      hashVideo(join(FIXTURES, "doorknob-hd-no-bar.mp4"), { algorithm: "md5" as never }),
      "VIDEO_ALGORITHM_INVALID",
    );
    const empty: HashVideoReturnType = { algorithm: "frame", fps: 5, duration: 0, frames: [] };
    expect(() => matchVideoHashes(empty, empty, { threshold: -1 })).to.throw(AuteurInputError);
    expect(() => matchVideoHashes(empty, empty, { minFraction: 2 })).to.throw(AuteurInputError);
    expect(matchVideoHashes(empty, empty).duplicate).to.equal(false);
  });
});

import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import sharp from "sharp";

import { AuteurInputError } from "../../errors.js";
import { ATTACKS, mulberry32, psnr, ssim } from "./attacks.js";
import { createWatermarkReader, embedWatermark, extractWatermark } from "./index.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../../../..");
const photo = (name: string) => join(root, "fixtures/photos", name);
const KEY = "5eed0fa11ab1e0c0ffee";
const PAYLOAD = "00000000000004d2";

function randomKey(random: () => number): string {
  let key = "";
  for (let i = 0; i < 20; i++) key += Math.floor(random() * 16).toString(16);
  return key;
}

async function expectInputError(promise: Promise<unknown>, code: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    // By name: the CLI module loads the SDK lazily, possibly as a second module instance.
    expect((error as Error).name, String(error)).to.equal("AuteurInputError");
    expect((error as AuteurInputError).code).to.equal(code);
    return;
  }
  expect.fail(`expected AuteurInputError ${code}`);
}

describe("watermark: embed and extract on real photographs", function () {
  this.timeout(240_000);
  const marked = new Map<string, Uint8Array>();
  const sources = ["hubble_deep_field.jpg", "coffee.png"];

  before(async () => {
    for (const name of sources)
      marked.set(name, await embedWatermark(photo(name), { key: KEY, payload: PAYLOAD }));
  });

  it("keeps format, size and channels, stays invisible (PSNR >= 40 dB, SSIM >= 0.97) and reads back exactly", async () => {
    for (const name of sources) {
      const original = await readFile(photo(name));
      const copy = marked.get(name)!;
      const [a, b] = await Promise.all([sharp(original).metadata(), sharp(copy).metadata()]);
      expect([b.format, b.width, b.height, b.channels, b.space], name).to.deep.equal([
        a.format,
        a.width,
        a.height,
        a.channels,
        a.space,
      ]);
      expect(await psnr(original, copy), name).to.be.greaterThan(40);
      expect(await ssim(original, copy), name).to.be.greaterThan(0.97);
      const { payload, confidence } = await extractWatermark(copy, { key: KEY });
      expect(payload, name).to.equal(PAYLOAD);
      expect(confidence).to.be.within(0.5, 1);
    }
  });

  it("accepts a bigint payload and a path, and marks greyscale images as greyscale", async () => {
    const copy = await embedWatermark(photo("camera.png"), {
      key: KEY,
      payload: 0xfedcba9876543210n,
      strength: 1.2,
    });
    expect((await sharp(copy).metadata()).channels).to.equal(1);
    expect((await extractWatermark(copy, { key: KEY })).payload).to.equal("fedcba9876543210");
  });

  const cases: [string, string[]][] = [
    [
      "hubble_deep_field.jpg",
      [
        "jpeg50",
        "webp75",
        "contrast-x1.2",
        "noise-sigma5",
        "greyscale",
        "crop90-centre",
        "resize75",
        "rotate2",
      ],
    ],
    ["coffee.png", ["jpeg75", "blur-sigma1", "median3", "crop90-centre"]],
  ];
  for (const [name, attacks] of cases) {
    it(`recovers the exact payload from ${name} after ${attacks.join(", ")}`, async () => {
      for (const attackName of attacks) {
        const attack = ATTACKS.find((a) => a.name === attackName)!;
        const copy = await attack.apply(marked.get(name)!);
        expect(
          (await extractWatermark(copy, { key: KEY })).payload,
          `${name} ${attackName}`,
        ).to.equal(PAYLOAD);
      }
    });
  }

  it("claims nothing on unmarked photographs (7 photos x 6 keys, resynchronisation included)", async () => {
    const random = mulberry32(2024);
    const names = [
      "brick.png",
      "camera.png",
      "chelsea.png",
      "coffee.png",
      "grass.png",
      "hubble_deep_field.jpg",
      "rocket.jpg",
    ];
    let trials = 0;
    for (const name of names) {
      const reader = await createWatermarkReader(photo(name));
      for (const key of [KEY, ...Array.from({ length: 5 }, () => randomKey(random))]) {
        expect(reader.read(key).payload, `${name} ${key}`).to.equal(null);
        trials++;
      }
    }
    expect(trials).to.equal(42);
  });

  it("claims nothing with a wrong key, including keys one bit away, on marked and attacked copies", async () => {
    const random = mulberry32(77);
    const copies = [
      marked.get("hubble_deep_field.jpg")!,
      await ATTACKS.find((a) => a.name === "resize75")!.apply(marked.get("hubble_deep_field.jpg")!),
    ];
    for (const copy of copies) {
      const reader = await createWatermarkReader(copy);
      expect(reader.read(KEY).payload).to.equal(PAYLOAD);
      const near = Array.from({ length: 10 }, (_, i) =>
        (BigInt("0x" + KEY) ^ (1n << BigInt(i * 8))).toString(16).padStart(20, "0"),
      );
      for (const key of [...near, ...Array.from({ length: 30 }, () => randomKey(random))]) {
        expect(reader.read(key).payload, key).to.equal(null);
      }
    }
  });

  it("still reads a copy marked by an earlier build (golden fixture fixtures/watermark/chelsea-marked.jpg)", async () => {
    const golden = join(root, "fixtures/watermark/chelsea-marked.jpg");
    expect((await extractWatermark(golden, { key: "00112233445566778899" })).payload).to.equal(
      "a1b2c3d4e5f60718",
    );
  });
});

describe("watermark: bad input", () => {
  it("rejects bad keys, payloads and strengths with typed errors", async () => {
    const input = photo("coffee.png");
    await expectInputError(
      embedWatermark(input, { key: "123", payload: PAYLOAD }),
      "WATERMARK_BAD_KEY",
    );
    await expectInputError(
      embedWatermark(input, { key: KEY, payload: "xyz" }),
      "WATERMARK_BAD_PAYLOAD",
    );
    await expectInputError(
      embedWatermark(input, { key: KEY, payload: 1n << 64n }),
      "WATERMARK_BAD_PAYLOAD",
    );
    await expectInputError(
      embedWatermark(input, { key: KEY, payload: PAYLOAD, strength: 0 }),
      "WATERMARK_BAD_STRENGTH",
    );
    await expectInputError(
      embedWatermark(input, { key: KEY, payload: PAYLOAD, strength: Number.NaN }),
      "WATERMARK_BAD_STRENGTH",
    );
    await expectInputError(extractWatermark(input, { key: KEY + "0" }), "WATERMARK_BAD_KEY");
  });

  it("rejects images below the minimum size, corrupt bytes and missing files", async () => {
    const small = new Uint8Array(
      await sharp({ create: { width: 255, height: 400, channels: 3, background: "#808080" } })
        .png()
        .toBuffer(),
    );
    await expectInputError(
      embedWatermark(small, { key: KEY, payload: PAYLOAD }),
      "WATERMARK_IMAGE_TOO_SMALL",
    );
    const tiny = new Uint8Array(
      await sharp({ create: { width: 100, height: 100, channels: 3, background: "#808080" } })
        .png()
        .toBuffer(),
    );
    await expectInputError(extractWatermark(tiny, { key: KEY }), "WATERMARK_IMAGE_TOO_SMALL");
    const jpeg = await readFile(photo("rocket.jpg"));
    const corrupt = new Uint8Array(jpeg.subarray(0, 2000));
    corrupt.fill(0x55, 600);
    await expectInputError(
      embedWatermark(corrupt, { key: KEY, payload: PAYLOAD }),
      "WATERMARK_DECODE_FAILED",
    );
    await expectInputError(
      extractWatermark(new Uint8Array([1, 2, 3]), { key: KEY }),
      "WATERMARK_DECODE_FAILED",
    );
    await expectInputError(
      extractWatermark(join(root, "fixtures/does-not-exist.png"), { key: KEY }),
      "WATERMARK_READ_FAILED",
    );
  });
});

describe("auteur watermark (CLI)", function () {
  this.timeout(180_000);
  const exec = promisify(execFile);
  const cli = join(root, "sdk/bin/auteur.js");
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "auteur-wm-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs the command module in-process and returns what it printed. */
  async function runInProcess(args: string[]): Promise<string[]> {
    const { run } = await import("../../cli/commands/watermark.js");
    const printed: string[] = [];
    const log = console.log;
    console.log = (...parts: unknown[]) => void printed.push(parts.join(" "));
    try {
      await run(args);
    } finally {
      console.log = log;
    }
    return printed;
  }

  it("embeds and extracts through the auteur binary (text and --json), exit 2 on a bad key", async () => {
    const out = join(dir, "marked.png");
    await exec(process.execPath, [
      cli,
      "watermark",
      "embed",
      "--in",
      photo("coffee.png"),
      "--out",
      out,
      "--key",
      KEY,
      "--payload",
      PAYLOAD,
    ]);
    const json = await exec(process.execPath, [
      cli,
      "watermark",
      "extract",
      "--in",
      out,
      "--key",
      KEY,
      "--json",
    ]);
    const parsed = JSON.parse(json.stdout.trim());
    expect(parsed.payload).to.equal(PAYLOAD);
    expect(parsed.confidence).to.be.within(0.5, 1);
    const failed = await exec(process.execPath, [
      cli,
      "watermark",
      "extract",
      "--in",
      out,
      "--key",
      "12",
    ]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).to.not.equal(null);
    expect(failed!.code).to.equal(2);
    expect(failed!.stderr).to.match(/WATERMARK_BAD_KEY/);

    expect((await runInProcess(["extract", "--in", out, "--key", KEY])).at(-1)).to.equal(PAYLOAD);
    expect(
      (await runInProcess(["extract", "--in", out, "--key", "ffffffffffffffffffff"])).at(-1),
    ).to.equal("none");
    const none = JSON.parse(
      (await runInProcess(["extract", "--in", out, "--key", "ffffffffffffffffffff", "--json"])).at(
        -1,
      )!,
    );
    expect(none.payload).to.equal(null);
    expect(none.confidence).to.be.within(0, 1);
  });

  it("refuses missing flags, unknown actions and unreadable files with input errors (exit 2)", async () => {
    await writeFile(join(dir, "bad.png"), "not an image");
    for (const [args, code] of [
      [
        ["embed", "--in", photo("coffee.png"), "--out", join(dir, "x.png"), "--key", KEY],
        "CLI_MISSING_FLAG",
      ],
      [
        [
          "embed",
          "--in",
          photo("coffee.png"),
          "--out",
          join(dir, "x.png"),
          "--key",
          KEY,
          "--payload",
          PAYLOAD,
          "--strength",
          "strong",
        ],
        "CLI_BAD_FLAG",
      ],
      [["extract", "--in", join(dir, "bad.png"), "--key", KEY], "WATERMARK_DECODE_FAILED"],
      [["extract", "--in", photo("coffee.png"), "--key", KEY, "--colour"], "CLI_BAD_FLAG"],
      [["hide", "--in", photo("coffee.png")], "CLI_BAD_ARGUMENT"],
    ] as [string[], string][]) {
      await expectInputError(runInProcess(args), code);
    }
    expect((await runInProcess(["--help"])).join("\n")).to.match(
      /auteur watermark embed --in IN --out OUT --key KEY --payload PAYLOAD/,
    );
  });
});

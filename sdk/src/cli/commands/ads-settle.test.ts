import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuteurError } from "../../errors.js";
import { readActivity } from "./ads-settle.js";

const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

describe("auteur ads settle: the activity file", function () {
  let dir = "";
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "auteur-ads-activity-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const file = (value: unknown) => {
    const path = join(dir, "activity.json");
    writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
    return path;
  };

  it("reads views per viewer, clicks and the storage provider", async function () {
    const items = await readActivity(
      file({
        items: [
          {
            workId: "3",
            clicks: "2",
            storageProvider: B.toLowerCase(),
            viewers: { [A.toLowerCase()]: "4", [B]: 1 },
          },
          { workId: 4, viewers: { [A]: "2" } },
        ],
      }),
    );
    expect(items).to.have.length(2);
    expect(items[0]).to.deep.include({ workId: 3n, views: 5n, clicks: 2n, storageProvider: B });
    expect([...items[0]!.viewers]).to.deep.equal([
      [A, 4n],
      [B, 1n],
    ]);
    expect(items[1]).to.deep.include({ workId: 4n, views: 2n, clicks: 0n });
    expect(items[1]!.storageProvider).to.equal(undefined);
  });

  it("refuses views that are not the viewers' sum, bad addresses, counts and JSON", async function () {
    const cases: [unknown, string, RegExp][] = [
      [
        { items: [{ workId: "1", views: "9", viewers: { [A]: "4" } }] },
        "ACTIVITY_INVALID",
        /add up to 4/,
      ],
      [
        { items: [{ workId: "1", viewers: { "0x1234": "4" } }] },
        "ACTIVITY_INVALID",
        /not an address/,
      ],
      [{ items: [{ workId: "1", viewers: { [A]: "-4" } }] }, "ACTIVITY_INVALID", /whole number/],
      [{ items: [] }, "ACTIVITY_INVALID", /no items/],
      ["{ not json", "ACTIVITY_UNREADABLE", /cannot read/],
    ];
    for (const [value, code, message] of cases) {
      const error = await readActivity(file(value)).catch((e: unknown) => e);
      expect(error, JSON.stringify(value)).to.be.instanceOf(AuteurError);
      expect((error as AuteurError).code).to.equal(code);
      expect((error as AuteurError).message).to.match(message);
    }
  });
});

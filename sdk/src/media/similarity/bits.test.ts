import { expect } from "chai";
import { AuteurInputError } from "../../errors.js";
import { hammingBytes, hammingWords, hashToWords, popcount32, wordsToHex } from "./index.js";

describe("similarity bit helpers", function () {
  it("counts bits of whole 32-bit words, the sign bit included", function () {
    expect(popcount32(0)).to.equal(0);
    expect(popcount32(0xffffffff)).to.equal(32);
    expect(popcount32(0x80000001)).to.equal(2);
    expect(popcount32(-1)).to.equal(32);
  });

  it("measures Hamming distance over packed words at any offsets", function () {
    const a = new Uint32Array([0xdeadbeef, 0x00000000, 0xffffffff]);
    const b = new Uint32Array([0x12345678, 0xdeadbeee, 0x0000ffff]);
    expect(hammingWords(a, 0, b, 1, 1)).to.equal(1); // 0xdeadbeef vs 0xdeadbeee
    expect(hammingWords(a, 1, b, 1, 2)).to.equal(popcount32(0xdeadbeee) + 16);
    expect(hammingWords(a, 0, a, 0, 3)).to.equal(0);
  });

  it("measures Hamming distance of byte strings and refuses unequal lengths", function () {
    expect(hammingBytes(new Uint8Array([0xff, 0x0f]), new Uint8Array([0x00, 0x0f]))).to.equal(8);
    const error = (() => {
      try {
        hammingBytes(new Uint8Array(32), new Uint8Array(31));
      } catch (e) {
        return e;
      }
    })();
    expect(error).to.be.instanceOf(AuteurInputError);
    expect((error as AuteurInputError).code).to.equal("HASH_LENGTH_MISMATCH");
    expect((error as AuteurInputError).details).to.deep.equal({ a: 32, b: 31 });
  });

  it("round-trips a 64-bit hash through words and hex, most significant word first", function () {
    const words = hashToWords(0x0123456789abcdefn, 64);
    expect([...words]).to.deep.equal([0x01234567, 0x89abcdef]);
    expect(wordsToHex(words, 0, 2)).to.equal("0123456789abcdef");
  });
});

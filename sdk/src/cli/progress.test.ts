import { expect } from "chai";
import { progress, type ProgressStream } from "./progress.js";

function stream(isTTY: boolean): ProgressStream & { text: string } {
  const s = {
    isTTY,
    columns: 80,
    text: "",
    write(chunk: string) {
      s.text += chunk;
      return true;
    },
  };
  return s;
}

describe("cli progress bar", function () {
  it("draws on a terminal and clears its line when done", function () {
    const tty = stream(true);
    const bar = progress("settle", 4, { stream: tty });
    bar.tick();
    bar.tick(3);
    expect(tty.text).to.include("settle [");
    expect(tty.text).to.match(/\] 4\/4$/);
    bar.done();
    expect(tty.text.endsWith("\r\x1b[2K")).to.equal(true);
  });

  it("shows the share done after set()", function () {
    const tty = stream(true);
    const bar = progress("register", 100, { stream: tty });
    bar.set(100);
    expect(tty.text).to.match(/\[#+\] 100\/100$/);
  });

  it("stays silent on pipes and with --json", function () {
    const pipe = stream(false);
    const a = progress("settle", 3, { stream: pipe });
    a.tick();
    a.done();
    const tty = stream(true);
    const b = progress("settle", 3, { stream: tty, json: true });
    b.tick();
    b.done();
    expect(pipe.text).to.equal("");
    expect(tty.text).to.equal("");
  });
});

// Runs the JS verifier over the jobs of a manifest (written by JsAgreementTest) and prints one JSON line per verdict.
// Usage: node agree.js zkml4j-verifier.js manifest.json
// A job: {name, vk, proof, repeat, flips: [[position, xorMask], ...]}: the proof is verified `repeat` times as is
// (the time is the median), then once per flip with that byte changed.
"use strict";
const fs = require("fs");
const zkml4j = require(process.argv[2]);
const jobs = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const timed = (vk, pf) => {
  const t = process.hrtime.bigint();
  const r = zkml4j.verify(vk, pf);
  return [r, Number(process.hrtime.bigint() - t) / 1e6];
};
for (const job of jobs) {
  const vk = new Uint8Array(fs.readFileSync(job.vk));
  const pf = new Uint8Array(fs.readFileSync(job.proof));
  const ms = [];
  let r;
  for (let i = 0; i < Math.max(1, job.repeat); i++) {
    const [res, t] = timed(vk, pf);
    r = res;
    ms.push(t);
  }
  ms.sort((a, b) => a - b);
  console.log(JSON.stringify({ name: job.name, flip: -1, ok: r.ok, message: r.message, ms: ms[ms.length >> 1] }));
  job.flips.forEach(([pos, mask], i) => {
    pf[pos] ^= mask;
    const [res, t] = timed(vk, pf);
    pf[pos] ^= mask;
    console.log(JSON.stringify({ name: job.name, flip: i, ok: res.ok, message: res.message, ms: t }));
  });
}

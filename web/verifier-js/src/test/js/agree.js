// Runs the JS verifier over the jobs of a manifest (written by JsAgreementTest) and prints one JSON line per verdict.
// Usage: node agree.js zkml4j-verifier.js manifest.json
// A job: {name, vk, proof, repeat, flips: [[position, xorMask], ...]}: the proof is verified `repeat` times as is
// (the times are medians), then once per flip with that byte changed.
"use strict";
const fs = require("fs");
const zkml4j = require(process.argv[2]);
const jobs = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
// Wall time, and CPU time (user + system of this process: the fairer figure on a loaded machine).
const timed = (vk, pf) => {
  const t = process.hrtime.bigint(), c = process.cpuUsage();
  const r = zkml4j.verify(vk, pf);
  const d = process.cpuUsage(c);
  return [r, Number(process.hrtime.bigint() - t) / 1e6, (d.user + d.system) / 1e3];
};
const median = v => v.slice().sort((a, b) => a - b)[v.length >> 1];
for (const job of jobs) {
  const vk = new Uint8Array(fs.readFileSync(job.vk));
  const pf = new Uint8Array(fs.readFileSync(job.proof));
  const ms = [], cpu = [];
  let r;
  for (let i = 0; i < Math.max(1, job.repeat); i++) {
    const [res, t, c] = timed(vk, pf);
    r = res;
    ms.push(t);
    cpu.push(c);
  }
  console.log(JSON.stringify({ name: job.name, flip: -1, ok: r.ok, message: r.message, ms: median(ms), cpuMs: median(cpu) }));
  job.flips.forEach(([pos, mask], i) => {
    pf[pos] ^= mask;
    const [res, t] = timed(vk, pf);
    pf[pos] ^= mask;
    console.log(JSON.stringify({ name: job.name, flip: i, ok: res.ok, message: res.message, ms: t }));
  });
}

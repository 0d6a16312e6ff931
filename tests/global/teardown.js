"use strict";
// Fails the run when a test changed the checkout (see checkout-untouched.js).
const { state } = require("./checkout-untouched");

module.exports = async () => {
  const before = globalThis.__checkoutBefore;
  const after = state();
  if (!before || !after) return;
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f)).sort();
  if (changed.length > 0) {
    throw new Error(`a test changed the checkout (tests must write only in their temporary directories): ${changed.join(", ")}`);
  }
};

"use strict";
// Records the checkout's state before any test runs (see checkout-untouched.js).
const { state } = require("./checkout-untouched");

module.exports = async () => {
  globalThis.__checkoutBefore = state();
};

// Engine runs take seconds each (a CLI process, a provider process, state writes); one test may run several.
jest.setTimeout(180_000);

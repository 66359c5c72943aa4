import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { isUnauthorized } from "./is-unauthorized";
import { isSignInPath, readSignInCode, withoutSignInCode } from "./sign-in-link";

describe("sign-in link", () => {
  it("carries its code in the fragment", () => {
    expect(readSignInCode("http://127.0.0.1:4700/signin#code=abc-_1")).toBe("abc-_1");
    expect(readSignInCode("http://127.0.0.1:4700/signin")).toBeUndefined();
    expect(readSignInCode("http://127.0.0.1:4700/signin#code=")).toBeUndefined();
    // A code in the query would reach the server's logs: it is not read from there.
    expect(readSignInCode("http://127.0.0.1:4700/signin?code=abc")).toBeUndefined();
  });

  it("leaves the address without its code", () => {
    expect(withoutSignInCode("http://127.0.0.1:4700/signin#code=abc")).toBe("/signin");
    expect(withoutSignInCode("http://127.0.0.1:4700/signin?x=1#code=abc")).toBe("/signin?x=1");
  });

  it("is recognised with or without a trailing slash", () => {
    expect(isSignInPath("/signin")).toBe(true);
    expect(isSignInPath("/signin/")).toBe(true);
    expect(isSignInPath("/signing")).toBe(false);
  });
});

describe("isUnauthorized", () => {
  const error = (data: unknown) => Object.assign(new TRPCClientError("x"), { data });

  it("is true for a 401 from the API, and only then", () => {
    expect(isUnauthorized(error({ code: "UNAUTHORIZED", httpStatus: 401 }))).toBe(true);
    expect(isUnauthorized(error({ code: "FORBIDDEN", httpStatus: 403 }))).toBe(false);
    expect(isUnauthorized(new Error("UNAUTHORIZED"))).toBe(false);
  });
});

import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  StreamScanner
} from "./chunk-7M3AOII7.js";
import {
  DEFAULT_EGRESS_LIMITS,
  SandboxError,
  compileEgressPolicy,
  decideConnect,
  decideHttpRequest,
  engineCommand,
  findContainerEngine,
  hostMatches,
  inspectImage,
  runnerTrustStore
} from "./chunk-AA3HKCER.js";
import {
  normalizeHost
} from "./chunk-2FANN6CZ.js";
import {
  base62Crc32,
  scanBuffer
} from "./chunk-C3TMJJTJ.js";
import {
  KnownValues
} from "./chunk-FYVUDRBW.js";
import {
  HttpRequest,
  HttpResponse,
  LazyJsonString,
  NormalizedSchema,
  NumericValue,
  TypeRegistry,
  Uint8ArrayBlobAdapter,
  _parseEpochTimestamp,
  _parseRfc3339DateTimeWithOffset,
  _parseRfc7231DateTime,
  dateToUtcString,
  deref,
  fromBase64,
  fromUtf8,
  generateIdempotencyToken,
  getSmithyContext,
  hasOwn,
  init_schema,
  init_serde,
  init_transport,
  isValidHostname,
  normalizeProvider,
  parseEpochTimestamp,
  parseQueryString,
  parseRfc3339DateTimeWithOffset,
  parseRfc7231DateTime,
  parseUrl,
  quoteHeader,
  require_dist_cjs,
  sdkStreamMixin,
  serde_exports,
  splitEvery,
  splitHeader,
  toBase64,
  toUtf8,
  translateTraits,
  writeKey
} from "./chunk-UBISRFPH.js";
import {
  __commonJS,
  __esm,
  __export,
  __toCommonJS,
  __toESM
} from "./chunk-WLT2JI5U.js";

// node_modules/@smithy/core/dist-es/submodules/client/middleware-stack/MiddlewareStack.js
var getAllAliases, getMiddlewareNameWithAliases, constructStack, stepWeights, priorityWeights;
var init_MiddlewareStack = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/middleware-stack/MiddlewareStack.js"() {
    getAllAliases = (name, aliases) => {
      const _aliases = [];
      if (name) {
        _aliases.push(name);
      }
      if (aliases) {
        for (const alias of aliases) {
          _aliases.push(alias);
        }
      }
      return _aliases;
    };
    getMiddlewareNameWithAliases = (name, aliases) => {
      return `${name || "anonymous"}${aliases && aliases.length > 0 ? ` (a.k.a. ${aliases.join(",")})` : ""}`;
    };
    constructStack = () => {
      let absoluteEntries = [];
      let relativeEntries = [];
      let identifyOnResolve = false;
      const entriesNameSet = /* @__PURE__ */ new Set();
      const sort = (entries) => entries.sort((a, b) => stepWeights[b.step] - stepWeights[a.step] || priorityWeights[b.priority || "normal"] - priorityWeights[a.priority || "normal"]);
      const removeByName = (toRemove) => {
        let isRemoved = false;
        const filterCb = (entry) => {
          const aliases = getAllAliases(entry.name, entry.aliases);
          if (aliases.includes(toRemove)) {
            isRemoved = true;
            for (const alias of aliases) {
              entriesNameSet.delete(alias);
            }
            return false;
          }
          return true;
        };
        absoluteEntries = absoluteEntries.filter(filterCb);
        relativeEntries = relativeEntries.filter(filterCb);
        return isRemoved;
      };
      const removeByReference = (toRemove) => {
        let isRemoved = false;
        const filterCb = (entry) => {
          if (entry.middleware === toRemove) {
            isRemoved = true;
            for (const alias of getAllAliases(entry.name, entry.aliases)) {
              entriesNameSet.delete(alias);
            }
            return false;
          }
          return true;
        };
        absoluteEntries = absoluteEntries.filter(filterCb);
        relativeEntries = relativeEntries.filter(filterCb);
        return isRemoved;
      };
      const cloneTo = (toStack) => {
        absoluteEntries.forEach((entry) => {
          toStack.add(entry.middleware, { ...entry });
        });
        relativeEntries.forEach((entry) => {
          toStack.addRelativeTo(entry.middleware, { ...entry });
        });
        toStack.identifyOnResolve?.(stack.identifyOnResolve());
        return toStack;
      };
      const expandRelativeMiddlewareList = (from) => {
        const expandedMiddlewareList = [];
        from.before.forEach((entry) => {
          if (entry.before.length === 0 && entry.after.length === 0) {
            expandedMiddlewareList.push(entry);
          } else {
            expandedMiddlewareList.push(...expandRelativeMiddlewareList(entry));
          }
        });
        expandedMiddlewareList.push(from);
        from.after.reverse().forEach((entry) => {
          if (entry.before.length === 0 && entry.after.length === 0) {
            expandedMiddlewareList.push(entry);
          } else {
            expandedMiddlewareList.push(...expandRelativeMiddlewareList(entry));
          }
        });
        return expandedMiddlewareList;
      };
      const getMiddlewareList = (debug = false) => {
        const normalizedAbsoluteEntries = [];
        const normalizedRelativeEntries = [];
        const normalizedEntriesNameMap = {};
        absoluteEntries.forEach((entry) => {
          const normalizedEntry = {
            ...entry,
            before: [],
            after: []
          };
          for (const alias of getAllAliases(normalizedEntry.name, normalizedEntry.aliases)) {
            normalizedEntriesNameMap[alias] = normalizedEntry;
          }
          normalizedAbsoluteEntries.push(normalizedEntry);
        });
        relativeEntries.forEach((entry) => {
          const normalizedEntry = {
            ...entry,
            before: [],
            after: []
          };
          for (const alias of getAllAliases(normalizedEntry.name, normalizedEntry.aliases)) {
            normalizedEntriesNameMap[alias] = normalizedEntry;
          }
          normalizedRelativeEntries.push(normalizedEntry);
        });
        normalizedRelativeEntries.forEach((entry) => {
          if (entry.toMiddleware) {
            const toMiddleware = normalizedEntriesNameMap[entry.toMiddleware];
            if (toMiddleware === void 0) {
              if (debug) {
                return;
              }
              throw new Error(`${entry.toMiddleware} is not found when adding ${getMiddlewareNameWithAliases(entry.name, entry.aliases)} middleware ${entry.relation} ${entry.toMiddleware}`);
            }
            if (entry.relation === "after") {
              toMiddleware.after.push(entry);
            }
            if (entry.relation === "before") {
              toMiddleware.before.push(entry);
            }
          }
        });
        const mainChain = sort(normalizedAbsoluteEntries).map(expandRelativeMiddlewareList).reduce((wholeList, expandedMiddlewareList) => {
          wholeList.push(...expandedMiddlewareList);
          return wholeList;
        }, []);
        return mainChain;
      };
      const stack = {
        add: (middleware, options = {}) => {
          const { name, override, aliases: _aliases } = options;
          const entry = {
            step: "initialize",
            priority: "normal",
            middleware,
            ...options
          };
          const aliases = getAllAliases(name, _aliases);
          if (aliases.length > 0) {
            if (aliases.some((alias) => entriesNameSet.has(alias))) {
              if (!override) {
                throw new Error(`Duplicate middleware name '${getMiddlewareNameWithAliases(name, _aliases)}'`);
              }
              for (const alias of aliases) {
                const toOverrideIndex = absoluteEntries.findIndex((entry2) => entry2.name === alias || entry2.aliases?.some((a) => a === alias));
                if (toOverrideIndex === -1) {
                  continue;
                }
                const toOverride = absoluteEntries[toOverrideIndex];
                if (toOverride.step !== entry.step || entry.priority !== toOverride.priority) {
                  throw new Error(`"${getMiddlewareNameWithAliases(toOverride.name, toOverride.aliases)}" middleware with ${toOverride.priority} priority in ${toOverride.step} step cannot be overridden by "${getMiddlewareNameWithAliases(name, _aliases)}" middleware with ${entry.priority} priority in ${entry.step} step.`);
                }
                absoluteEntries.splice(toOverrideIndex, 1);
              }
            }
            for (const alias of aliases) {
              entriesNameSet.add(alias);
            }
          }
          absoluteEntries.push(entry);
        },
        addRelativeTo: (middleware, options) => {
          const { name, override, aliases: _aliases } = options;
          const entry = {
            middleware,
            ...options
          };
          const aliases = getAllAliases(name, _aliases);
          if (aliases.length > 0) {
            if (aliases.some((alias) => entriesNameSet.has(alias))) {
              if (!override) {
                throw new Error(`Duplicate middleware name '${getMiddlewareNameWithAliases(name, _aliases)}'`);
              }
              for (const alias of aliases) {
                const toOverrideIndex = relativeEntries.findIndex((entry2) => entry2.name === alias || entry2.aliases?.some((a) => a === alias));
                if (toOverrideIndex === -1) {
                  continue;
                }
                const toOverride = relativeEntries[toOverrideIndex];
                if (toOverride.toMiddleware !== entry.toMiddleware || toOverride.relation !== entry.relation) {
                  throw new Error(`"${getMiddlewareNameWithAliases(toOverride.name, toOverride.aliases)}" middleware ${toOverride.relation} "${toOverride.toMiddleware}" middleware cannot be overridden by "${getMiddlewareNameWithAliases(name, _aliases)}" middleware ${entry.relation} "${entry.toMiddleware}" middleware.`);
                }
                relativeEntries.splice(toOverrideIndex, 1);
              }
            }
            for (const alias of aliases) {
              entriesNameSet.add(alias);
            }
          }
          relativeEntries.push(entry);
        },
        clone: () => cloneTo(constructStack()),
        use: (plugin) => {
          plugin.applyToStack(stack);
        },
        remove: (toRemove) => {
          if (typeof toRemove === "string") {
            return removeByName(toRemove);
          } else {
            return removeByReference(toRemove);
          }
        },
        removeByTag: (toRemove) => {
          let isRemoved = false;
          const filterCb = (entry) => {
            const { tags, name, aliases: _aliases } = entry;
            if (tags && tags.includes(toRemove)) {
              const aliases = getAllAliases(name, _aliases);
              for (const alias of aliases) {
                entriesNameSet.delete(alias);
              }
              isRemoved = true;
              return false;
            }
            return true;
          };
          absoluteEntries = absoluteEntries.filter(filterCb);
          relativeEntries = relativeEntries.filter(filterCb);
          return isRemoved;
        },
        concat: (from) => {
          const cloned = cloneTo(constructStack());
          cloned.use(from);
          cloned.identifyOnResolve(identifyOnResolve || cloned.identifyOnResolve() || (from.identifyOnResolve?.() ?? false));
          return cloned;
        },
        applyToStack: cloneTo,
        identify: () => {
          return getMiddlewareList(true).map((mw) => {
            const step = mw.step ?? mw.relation + " " + mw.toMiddleware;
            return getMiddlewareNameWithAliases(mw.name, mw.aliases) + " - " + step;
          });
        },
        identifyOnResolve(toggle) {
          if (typeof toggle === "boolean") {
            identifyOnResolve = toggle;
          }
          return identifyOnResolve;
        },
        resolve: (handler, context) => {
          for (const middleware of getMiddlewareList().map((entry) => entry.middleware).reverse()) {
            handler = middleware(handler, context);
          }
          if (identifyOnResolve) {
            console.log(stack.identify());
          }
          return handler;
        }
      };
      return stack;
    };
    stepWeights = {
      initialize: 5,
      serialize: 4,
      build: 3,
      finalizeRequest: 2,
      deserialize: 1
    };
    priorityWeights = {
      high: 3,
      normal: 2,
      low: 1
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/invalid-dependency/invalidFunction.js
var invalidFunction;
var init_invalidFunction = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/invalid-dependency/invalidFunction.js"() {
    invalidFunction = (message) => () => {
      throw new Error(message);
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/invalid-dependency/invalidProvider.js
var invalidProvider;
var init_invalidProvider = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/invalid-dependency/invalidProvider.js"() {
    invalidProvider = (message) => () => Promise.reject(message);
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/util-waiter/circularReplacer.js
var getCircularReplacer;
var init_circularReplacer = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/util-waiter/circularReplacer.js"() {
    getCircularReplacer = () => {
      const seen = /* @__PURE__ */ new WeakSet();
      return (key, value) => {
        if (typeof value === "object" && value !== null) {
          if (seen.has(value)) {
            return "[Circular]";
          }
          seen.add(value);
        }
        return value;
      };
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/util-waiter/utils/sleep.js
var sleep;
var init_sleep = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/util-waiter/utils/sleep.js"() {
    sleep = (seconds) => {
      return new Promise((resolve) => setTimeout(resolve, seconds * 1e3));
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/util-waiter/waiter.js
var waiterServiceDefaults, WaiterState, checkExceptions;
var init_waiter = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/util-waiter/waiter.js"() {
    init_circularReplacer();
    waiterServiceDefaults = {
      minDelay: 2,
      maxDelay: 120
    };
    (function(WaiterState2) {
      WaiterState2["ABORTED"] = "ABORTED";
      WaiterState2["FAILURE"] = "FAILURE";
      WaiterState2["SUCCESS"] = "SUCCESS";
      WaiterState2["RETRY"] = "RETRY";
      WaiterState2["TIMEOUT"] = "TIMEOUT";
    })(WaiterState || (WaiterState = {}));
    checkExceptions = (result2) => {
      if (result2.state === WaiterState.ABORTED) {
        const abortError = new Error(`${JSON.stringify({
          ...result2,
          reason: "Request was aborted"
        }, getCircularReplacer())}`);
        abortError.name = "AbortError";
        throw abortError;
      } else if (result2.state === WaiterState.TIMEOUT) {
        const timeoutError = new Error(`${JSON.stringify({
          ...result2,
          reason: "Waiter has timed out"
        }, getCircularReplacer())}`);
        timeoutError.name = "TimeoutError";
        throw timeoutError;
      } else if (result2.state !== WaiterState.SUCCESS) {
        throw new Error(`${JSON.stringify(result2, getCircularReplacer())}`);
      }
      return result2;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/util-waiter/poller.js
var runPolling, checkWarn403, createMessageFromResponse, exponentialBackoffWithJitter, randomInRange;
var init_poller = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/util-waiter/poller.js"() {
    init_circularReplacer();
    init_sleep();
    init_waiter();
    runPolling = async ({ minDelay, maxDelay, maxWaitTime, abortController, client, abortSignal }, input, acceptorChecks) => {
      const observedResponses = {};
      const [minDelayMs, maxDelayMs] = [minDelay * 1e3, maxDelay * 1e3];
      let currentAttempt = 0;
      const waitUntil = Date.now() + maxWaitTime * 1e3;
      const warn403Time = Date.now() + 6e4;
      let didWarn403 = false;
      while (true) {
        if (currentAttempt > 0) {
          const delayMs = exponentialBackoffWithJitter(minDelayMs, maxDelayMs, currentAttempt, waitUntil);
          if (abortController?.signal?.aborted || abortSignal?.aborted) {
            const message = "AbortController signal aborted.";
            observedResponses[message] |= 0;
            observedResponses[message] += 1;
            return { state: WaiterState.ABORTED, observedResponses };
          }
          if (Date.now() + delayMs > waitUntil) {
            return { state: WaiterState.TIMEOUT, observedResponses };
          }
          await sleep(delayMs / 1e3);
        }
        const { state, reason } = await acceptorChecks(client, input);
        if (reason) {
          const message = createMessageFromResponse(reason);
          observedResponses[message] |= 0;
          observedResponses[message] += 1;
        }
        if (state !== WaiterState.RETRY) {
          return { state, reason, final: reason, observedResponses };
        }
        currentAttempt += 1;
        if (!didWarn403 && Date.now() >= warn403Time) {
          checkWarn403(observedResponses, client);
          didWarn403 = true;
        }
      }
    };
    checkWarn403 = (observedResponses = {}, client) => {
      const orderedErrors = Object.keys(observedResponses);
      let maxCount = 0;
      let count403 = 0;
      for (const response of orderedErrors) {
        const n = observedResponses[response] | 0;
        maxCount = Math.max(n, maxCount);
        if (response.startsWith("403:")) {
          count403 += n;
        }
      }
      const clientLogger = client?.config?.logger;
      const warningLogger = typeof clientLogger?.warn === "function" && !clientLogger.constructor?.name?.includes?.("NoOpLogger") ? clientLogger : console;
      if (count403 >= 3 || orderedErrors[orderedErrors.length - 1]?.startsWith("403:")) {
        warningLogger.warn(`@smithy/util-waiter WARN - 403 status code encountered during waiter polling.`);
      }
    };
    createMessageFromResponse = (reason) => {
      const status = reason?.$response?.statusCode ?? reason?.$metadata?.httpStatusCode;
      if (reason?.$responseBodyText) {
        return `${status ? status + ": " : ""}Deserialization error for body: ${reason.$responseBodyText}`;
      }
      if (status) {
        if (reason?.$response || reason?.message) {
          return `${status ?? "Unknown"}: ${reason?.message}`;
        }
        return `${status}: OK`;
      }
      return String(reason?.message ?? JSON.stringify(reason, getCircularReplacer()) ?? "Unknown");
    };
    exponentialBackoffWithJitter = (minDelayMs, maxDelayMs, attempt, waitUntil) => {
      const attemptCountCeiling = Math.log(maxDelayMs / minDelayMs) / Math.log(2) + 1;
      if (attempt > attemptCountCeiling) {
        return maxDelayMs;
      }
      const delay = minDelayMs * 2 ** (attempt - 1);
      const capped = Math.min(delay, maxDelayMs);
      const waitFor = randomInRange(minDelayMs, capped);
      if (Date.now() + waitFor > waitUntil) {
        const timeRemaining = waitUntil - Date.now();
        return Math.max(0, timeRemaining - 500);
      }
      return waitFor;
    };
    randomInRange = (min, max) => min + Math.random() * (max - min);
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/util-waiter/utils/validate.js
var validateWaiterOptions;
var init_validate = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/util-waiter/utils/validate.js"() {
    validateWaiterOptions = (options) => {
      if (options.maxWaitTime <= 0) {
        throw new Error(`WaiterConfiguration.maxWaitTime must be greater than 0`);
      } else if (options.minDelay <= 0) {
        throw new Error(`WaiterConfiguration.minDelay must be greater than 0`);
      } else if (options.maxDelay <= 0) {
        throw new Error(`WaiterConfiguration.maxDelay must be greater than 0`);
      } else if (options.maxWaitTime <= options.minDelay) {
        throw new Error(`WaiterConfiguration.maxWaitTime [${options.maxWaitTime}] must be greater than WaiterConfiguration.minDelay [${options.minDelay}] for this waiter`);
      } else if (options.maxDelay < options.minDelay) {
        throw new Error(`WaiterConfiguration.maxDelay [${options.maxDelay}] must be greater than WaiterConfiguration.minDelay [${options.minDelay}] for this waiter`);
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/util-waiter/createWaiter.js
var abortTimeout, createWaiter;
var init_createWaiter = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/util-waiter/createWaiter.js"() {
    init_poller();
    init_validate();
    init_waiter();
    abortTimeout = (abortSignal) => {
      let onAbort;
      const promise = new Promise((resolve) => {
        onAbort = () => resolve({ state: WaiterState.ABORTED });
        if (typeof abortSignal.addEventListener === "function") {
          abortSignal.addEventListener("abort", onAbort);
        } else {
          abortSignal.onabort = onAbort;
        }
      });
      return {
        clearListener() {
          if (typeof abortSignal.removeEventListener === "function") {
            abortSignal.removeEventListener("abort", onAbort);
          }
        },
        aborted: promise
      };
    };
    createWaiter = async (options, input, acceptorChecks) => {
      const params = {
        ...waiterServiceDefaults,
        ...options
      };
      validateWaiterOptions(params);
      const exitConditions = [runPolling(params, input, acceptorChecks)];
      const finalize = [];
      if (options.abortSignal) {
        const { aborted, clearListener } = abortTimeout(options.abortSignal);
        finalize.push(clearListener);
        exitConditions.push(aborted);
      }
      if (options.abortController?.signal) {
        const { aborted, clearListener } = abortTimeout(options.abortController.signal);
        finalize.push(clearListener);
        exitConditions.push(aborted);
      }
      return Promise.race(exitConditions).then((result2) => {
        for (const fn of finalize) {
          fn();
        }
        return result2;
      });
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/client.js
var Client;
var init_client = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/client.js"() {
    init_MiddlewareStack();
    Client = class {
      config;
      middlewareStack = constructStack();
      initConfig;
      handlers;
      constructor(config) {
        this.config = config;
        const { protocol, protocolSettings } = config;
        if (protocolSettings) {
          if (typeof protocol === "function") {
            config.protocol = new protocol(protocolSettings);
          }
        }
      }
      send(command, optionsOrCb, cb) {
        const options = typeof optionsOrCb !== "function" ? optionsOrCb : void 0;
        const callback = typeof optionsOrCb === "function" ? optionsOrCb : cb;
        const useHandlerCache = options === void 0 && this.config.cacheMiddleware === true;
        let handler;
        if (useHandlerCache) {
          if (!this.handlers) {
            this.handlers = /* @__PURE__ */ new WeakMap();
          }
          const handlers = this.handlers;
          if (handlers.has(command.constructor)) {
            handler = handlers.get(command.constructor);
          } else {
            handler = command.resolveMiddleware(this.middlewareStack, this.config, options);
            handlers.set(command.constructor, handler);
          }
        } else {
          delete this.handlers;
          handler = command.resolveMiddleware(this.middlewareStack, this.config, options);
        }
        if (callback) {
          handler(command).then((result2) => callback(null, result2.output), (err) => callback(err)).catch(() => {
          });
        } else {
          return handler(command).then((result2) => result2.output);
        }
      }
      destroy() {
        this.config?.requestHandler?.destroy?.();
        delete this.handlers;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/schemaLogFilter.js
function schemaLogFilter(schema, data) {
  if (data == null) {
    return data;
  }
  const ns = NormalizedSchema.of(schema);
  if (ns.getMergedTraits().sensitive) {
    return SENSITIVE_STRING;
  }
  if (ns.isListSchema()) {
    const valueSchema = ns.getValueSchema();
    if (valueSchema.getMergedTraits().sensitive) {
      return SENSITIVE_STRING;
    }
    if (Array.isArray(data)) {
      return data.map((value) => schemaLogFilter(valueSchema, value));
    }
  } else if (ns.isMapSchema()) {
    const valueSchema = ns.getValueSchema();
    if (ns.getKeySchema().getMergedTraits().sensitive || valueSchema.getMergedTraits().sensitive) {
      return SENSITIVE_STRING;
    }
    if (typeof data === "object") {
      return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, schemaLogFilter(valueSchema, value)]));
    }
  } else if (ns.isStructSchema() && typeof data === "object") {
    const object = data;
    const newObject = {};
    for (const [member, memberNs] of ns.structIterator()) {
      if (object[member] != null) {
        newObject[member] = schemaLogFilter(memberNs, object[member]);
      }
    }
    return newObject;
  }
  return data;
}
var SENSITIVE_STRING;
var init_schemaLogFilter = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/schemaLogFilter.js"() {
    init_schema();
    SENSITIVE_STRING = "***SensitiveInformation***";
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/command.js
var import_types, operationEventStreamMarker, Command, ClassBuilder;
var init_command = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/command.js"() {
    import_types = __toESM(require_dist_cjs());
    init_MiddlewareStack();
    init_schemaLogFilter();
    init_schema();
    operationEventStreamMarker = /* @__PURE__ */ Symbol.for("@smithy/op-event-stream");
    Command = class {
      middlewareStack = constructStack();
      schema;
      static classBuilder() {
        return new ClassBuilder();
      }
      resolveMiddlewareWithContext(clientStack, configuration, options, { middlewareFn, clientName, commandName, inputFilterSensitiveLog, outputFilterSensitiveLog, smithyContext, additionalContext, CommandCtor }) {
        for (const mw of middlewareFn.bind(this)(CommandCtor, clientStack, configuration, options)) {
          this.middlewareStack.use(mw);
        }
        const stack = clientStack.concat(this.middlewareStack);
        const { logger } = configuration;
        const additionalSmithyContext = additionalContext[import_types.SMITHY_CONTEXT_KEY];
        const handlerExecutionContext = {
          logger,
          clientName,
          commandName,
          inputFilterSensitiveLog,
          outputFilterSensitiveLog,
          ...additionalContext,
          [import_types.SMITHY_CONTEXT_KEY]: {
            ...additionalSmithyContext,
            commandInstance: this,
            ...smithyContext,
            ...options?.metricsRecorder === void 0 ? {} : { metricsRecorder: options.metricsRecorder },
            ...options?.abortSignal === void 0 ? {} : { abortSignal: options.abortSignal }
          }
        };
        const { requestHandler } = configuration;
        let requestOptions = options ?? {};
        if (requestOptions.metricsRecorder) {
          requestOptions = { ...requestOptions };
          delete requestOptions.metricsRecorder;
        }
        let isEventStream;
        const schema = this.schema;
        const marker = schema?.[operationEventStreamMarker];
        if (marker !== void 0) {
          isEventStream = marker;
        } else if (schema) {
          if (Array.isArray(schema) && schema[0] === 9) {
            const [, , , , input$, output$] = schema;
            isEventStream = schema[operationEventStreamMarker] = Boolean(NormalizedSchema.of(input$).getEventStreamMember() || NormalizedSchema.of(output$).getEventStreamMember());
          }
        }
        if (isEventStream) {
          requestOptions = {
            isEventStream,
            ...requestOptions
          };
        }
        return stack.resolve((request) => requestHandler.handle(request.request, requestOptions), handlerExecutionContext);
      }
    };
    ClassBuilder = class {
      _init = () => {
      };
      _ep = {};
      _middlewareFn = () => [];
      _commandName = "";
      _clientName = "";
      _additionalContext = {};
      _smithyContext = {};
      _inputFilterSensitiveLog = void 0;
      _outputFilterSensitiveLog = void 0;
      _serializer = null;
      _deserializer = null;
      _operationSchema;
      init(cb) {
        this._init = cb;
      }
      ep(endpointParameterInstructions) {
        this._ep = endpointParameterInstructions;
        return this;
      }
      m(middlewareSupplier) {
        this._middlewareFn = middlewareSupplier;
        return this;
      }
      s(service, operation, smithyContext = {}) {
        this._smithyContext = {
          service,
          operation,
          ...smithyContext
        };
        return this;
      }
      c(additionalContext = {}) {
        this._additionalContext = additionalContext;
        return this;
      }
      n(clientName, commandName) {
        this._clientName = clientName;
        this._commandName = commandName;
        return this;
      }
      f(inputFilter = (_) => _, outputFilter = (_) => _) {
        this._inputFilterSensitiveLog = inputFilter;
        this._outputFilterSensitiveLog = outputFilter;
        return this;
      }
      ser(serializer) {
        this._serializer = serializer;
        return this;
      }
      de(deserializer) {
        this._deserializer = deserializer;
        return this;
      }
      sc(operation) {
        this._operationSchema = operation;
        this._smithyContext.operationSchema = operation;
        return this;
      }
      build() {
        const closure = this;
        let CommandRef;
        return CommandRef = class extends Command {
          input;
          static getEndpointParameterInstructions() {
            return closure._ep;
          }
          constructor(...[input]) {
            super();
            this.input = input ?? {};
            closure._init(this);
            this.schema = closure._operationSchema;
          }
          resolveMiddleware(stack, configuration, options) {
            const op = closure._operationSchema;
            const input = op?.[4] ?? op?.input;
            const output = op?.[5] ?? op?.output;
            return this.resolveMiddlewareWithContext(stack, configuration, options, {
              CommandCtor: CommandRef,
              middlewareFn: closure._middlewareFn,
              clientName: closure._clientName,
              commandName: closure._commandName,
              inputFilterSensitiveLog: closure._inputFilterSensitiveLog ?? (op ? schemaLogFilter.bind(null, input) : (_) => _),
              outputFilterSensitiveLog: closure._outputFilterSensitiveLog ?? (op ? schemaLogFilter.bind(null, output) : (_) => _),
              smithyContext: closure._smithyContext,
              additionalContext: closure._additionalContext
            });
          }
          serialize = closure._serializer;
          deserialize = closure._deserializer;
        };
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/constants.js
var SENSITIVE_STRING2;
var init_constants = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/constants.js"() {
    SENSITIVE_STRING2 = "***SensitiveInformation***";
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/create-aggregated-client.js
var createAggregatedClient;
var init_create_aggregated_client = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/create-aggregated-client.js"() {
    createAggregatedClient = (commands, Client2, options) => {
      for (const [command, CommandCtor] of Object.entries(commands)) {
        const methodImpl = async function(args, optionsOrCb, cb) {
          const command2 = new CommandCtor(args);
          if (typeof optionsOrCb === "function") {
            this.send(command2, optionsOrCb);
          } else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
              throw new Error(`Expected http options but got ${typeof optionsOrCb}`);
            }
            this.send(command2, optionsOrCb || {}, cb);
          } else {
            return this.send(command2, optionsOrCb);
          }
        };
        const methodName = (command[0].toLowerCase() + command.slice(1)).replace(/Command$/, "");
        Client2.prototype[methodName] = methodImpl;
      }
      const { paginators = {}, waiters = {} } = options ?? {};
      for (const [paginatorName, paginatorFn] of Object.entries(paginators)) {
        if (Client2.prototype[paginatorName] === void 0) {
          Client2.prototype[paginatorName] = function(commandInput = {}, paginationConfiguration, ...rest) {
            return paginatorFn({
              ...paginationConfiguration,
              client: this
            }, commandInput, ...rest);
          };
        }
      }
      for (const [waiterName, waiterFn] of Object.entries(waiters)) {
        if (Client2.prototype[waiterName] === void 0) {
          Client2.prototype[waiterName] = async function(commandInput = {}, waiterConfiguration, ...rest) {
            let config = waiterConfiguration;
            if (typeof waiterConfiguration === "number") {
              config = {
                maxWaitTime: waiterConfiguration
              };
            }
            return waiterFn({
              ...config,
              client: this
            }, commandInput, ...rest);
          };
        }
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/exceptions.js
var ServiceException, decorateServiceException;
var init_exceptions = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/exceptions.js"() {
    ServiceException = class _ServiceException extends Error {
      static shapeId = "smithy.ts.sdk.synthetic.nonamespace.client#ServiceException";
      $fault;
      $response;
      $retryable;
      $metadata;
      constructor(options) {
        super(options.message);
        Object.setPrototypeOf(this, Object.getPrototypeOf(this).constructor.prototype);
        this.name = options.name;
        this.$fault = options.$fault;
        this.$metadata = options.$metadata;
      }
      static isInstance(value) {
        if (!value) {
          return false;
        }
        const candidate = value;
        return _ServiceException.prototype.isPrototypeOf(candidate) || Boolean(candidate.$fault) && Boolean(candidate.$metadata) && (candidate.$fault === "client" || candidate.$fault === "server");
      }
      static [Symbol.hasInstance](instance) {
        if (!instance) {
          return false;
        }
        const candidate = instance;
        if (this === _ServiceException) {
          return _ServiceException.isInstance(instance);
        }
        if (_ServiceException.isInstance(instance)) {
          if (this.prototype.isPrototypeOf(instance)) {
            return true;
          }
          const targetId = Object.prototype.hasOwnProperty.call(this, "shapeId") ? this.shapeId : void 0;
          let candidateHasShapeId = false;
          if (targetId) {
            let proto = Object.getPrototypeOf(candidate);
            while (proto && proto !== Object.prototype) {
              const ctor = proto.constructor;
              const candidateId = ctor !== _ServiceException && Object.prototype.hasOwnProperty.call(ctor, "shapeId") ? ctor?.shapeId : void 0;
              if (candidateId) {
                candidateHasShapeId = true;
                if (candidateId === targetId) {
                  return true;
                }
              }
              proto = Object.getPrototypeOf(proto);
            }
          }
          if (targetId && candidateHasShapeId) {
            return false;
          }
          const targetName = this.name;
          if (targetName && targetName.length >= 6) {
            if (candidate.name === targetName) {
              return true;
            }
            let proto = Object.getPrototypeOf(candidate);
            while (proto && proto !== Object.prototype) {
              const ctorName = proto.constructor?.name;
              if (ctorName && ctorName !== "Error" && ctorName === targetName) {
                return true;
              }
              proto = Object.getPrototypeOf(proto);
            }
          }
        }
        return false;
      }
    };
    decorateServiceException = (exception, additions = {}) => {
      Object.entries(additions).filter(([, v]) => v !== void 0).forEach(([k, v]) => {
        if (exception[k] == void 0 || exception[k] === "") {
          exception[k] = v;
        }
      });
      const message = exception.message || exception.Message || "UnknownError";
      exception.message = message;
      delete exception.Message;
      return exception;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/default-error-handler.js
var throwDefaultError, withBaseException, deserializeMetadata;
var init_default_error_handler = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/default-error-handler.js"() {
    init_exceptions();
    throwDefaultError = ({ output, parsedBody, exceptionCtor, errorCode }) => {
      const $metadata = deserializeMetadata(output);
      const statusCode = $metadata.httpStatusCode ? $metadata.httpStatusCode + "" : void 0;
      const response = new exceptionCtor({
        name: parsedBody?.code || parsedBody?.Code || errorCode || statusCode || "UnknownError",
        $fault: "client",
        $metadata
      });
      throw decorateServiceException(response, parsedBody);
    };
    withBaseException = (ExceptionCtor) => {
      return ({ output, parsedBody, errorCode }) => {
        throwDefaultError({ output, parsedBody, exceptionCtor: ExceptionCtor, errorCode });
      };
    };
    deserializeMetadata = (output) => ({
      httpStatusCode: output.statusCode,
      requestId: output.headers["x-amzn-requestid"] ?? output.headers["x-amzn-request-id"] ?? output.headers["x-amz-request-id"],
      extendedRequestId: output.headers["x-amz-id-2"],
      cfId: output.headers["x-amz-cf-id"]
    });
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/defaults-mode.js
var loadConfigsForDefaultMode;
var init_defaults_mode = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/defaults-mode.js"() {
    loadConfigsForDefaultMode = (mode) => {
      switch (mode) {
        case "standard":
          return {
            retryMode: "standard",
            connectionTimeout: 3100
          };
        case "in-region":
          return {
            retryMode: "standard",
            connectionTimeout: 1100
          };
        case "cross-region":
          return {
            retryMode: "standard",
            connectionTimeout: 3100
          };
        case "mobile":
          return {
            retryMode: "standard",
            connectionTimeout: 3e4
          };
        default:
          return {};
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/emitWarningIfUnsupportedVersion.js
var warningEmitted, emitWarningIfUnsupportedVersion;
var init_emitWarningIfUnsupportedVersion = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/emitWarningIfUnsupportedVersion.js"() {
    warningEmitted = false;
    emitWarningIfUnsupportedVersion = (version) => {
      if (version && !warningEmitted && parseInt(version.substring(1, version.indexOf("."))) < 16) {
        warningEmitted = true;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/extensions/checksum.js
var import_types2, knownAlgorithms, getChecksumConfiguration, resolveChecksumRuntimeConfig;
var init_checksum = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/extensions/checksum.js"() {
    init_transport();
    import_types2 = __toESM(require_dist_cjs());
    knownAlgorithms = Object.values(import_types2.AlgorithmId);
    getChecksumConfiguration = (runtimeConfig) => {
      const checksumAlgorithms = [];
      for (const id in import_types2.AlgorithmId) {
        if (!hasOwn(import_types2.AlgorithmId, id)) {
          continue;
        }
        const algorithmId = import_types2.AlgorithmId[id];
        if (runtimeConfig[algorithmId] === void 0) {
          continue;
        }
        checksumAlgorithms.push({
          algorithmId: () => algorithmId,
          checksumConstructor: () => runtimeConfig[algorithmId]
        });
      }
      for (const [id, ChecksumCtor] of Object.entries(runtimeConfig.checksumAlgorithms ?? {})) {
        checksumAlgorithms.push({
          algorithmId: () => id,
          checksumConstructor: () => ChecksumCtor
        });
      }
      return {
        addChecksumAlgorithm(algo) {
          runtimeConfig.checksumAlgorithms = runtimeConfig.checksumAlgorithms ?? {};
          const id = algo.algorithmId();
          const ctor = algo.checksumConstructor();
          if (knownAlgorithms.includes(id)) {
            runtimeConfig.checksumAlgorithms[id.toUpperCase()] = ctor;
          } else {
            runtimeConfig.checksumAlgorithms[id] = ctor;
          }
          checksumAlgorithms.push(algo);
        },
        checksumAlgorithms() {
          return checksumAlgorithms;
        }
      };
    };
    resolveChecksumRuntimeConfig = (clientConfig) => {
      const runtimeConfig = {};
      clientConfig.checksumAlgorithms().forEach((checksumAlgorithm) => {
        const id = checksumAlgorithm.algorithmId();
        if (knownAlgorithms.includes(id)) {
          runtimeConfig[id] = checksumAlgorithm.checksumConstructor();
        }
      });
      return runtimeConfig;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/extensions/retry.js
var getRetryConfiguration, resolveRetryRuntimeConfig;
var init_retry = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/extensions/retry.js"() {
    getRetryConfiguration = (runtimeConfig) => {
      return {
        setRetryStrategy(retryStrategy) {
          runtimeConfig.retryStrategy = retryStrategy;
        },
        retryStrategy() {
          return runtimeConfig.retryStrategy;
        }
      };
    };
    resolveRetryRuntimeConfig = (retryStrategyConfiguration) => {
      const runtimeConfig = {};
      runtimeConfig.retryStrategy = retryStrategyConfiguration.retryStrategy();
      return runtimeConfig;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/extensions/defaultExtensionConfiguration.js
var getDefaultExtensionConfiguration, getDefaultClientConfiguration, resolveDefaultRuntimeConfig;
var init_defaultExtensionConfiguration = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/extensions/defaultExtensionConfiguration.js"() {
    init_checksum();
    init_retry();
    getDefaultExtensionConfiguration = (runtimeConfig) => {
      return Object.assign(getChecksumConfiguration(runtimeConfig), getRetryConfiguration(runtimeConfig));
    };
    getDefaultClientConfiguration = getDefaultExtensionConfiguration;
    resolveDefaultRuntimeConfig = (config) => {
      return Object.assign(resolveChecksumRuntimeConfig(config), resolveRetryRuntimeConfig(config));
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/get-array-if-single-item.js
var getArrayIfSingleItem;
var init_get_array_if_single_item = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/get-array-if-single-item.js"() {
    getArrayIfSingleItem = (mayBeArray) => Array.isArray(mayBeArray) ? mayBeArray : [mayBeArray];
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/get-value-from-text-node.js
var getValueFromTextNode;
var init_get_value_from_text_node = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/get-value-from-text-node.js"() {
    init_transport();
    getValueFromTextNode = (obj) => {
      const textNodeName = "#text";
      for (const key in obj) {
        if (!hasOwn(obj, key)) {
          continue;
        }
        if (obj[key][textNodeName] !== void 0) {
          obj[key] = obj[key][textNodeName];
        } else if (typeof obj[key] === "object" && obj[key] !== null) {
          obj[key] = getValueFromTextNode(obj[key]);
        }
      }
      return obj;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/is-serializable-header-value.js
var isSerializableHeaderValue;
var init_is_serializable_header_value = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/is-serializable-header-value.js"() {
    isSerializableHeaderValue = (value) => {
      return value != null;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/NoOpLogger.js
var NoOpLogger;
var init_NoOpLogger = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/NoOpLogger.js"() {
    NoOpLogger = class {
      trace() {
      }
      debug() {
      }
      info() {
      }
      warn() {
      }
      error() {
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/object-mapping.js
function map(arg0, arg1, arg2) {
  let target;
  let filter;
  let instructions;
  if (typeof arg1 === "undefined" && typeof arg2 === "undefined") {
    target = {};
    instructions = arg0;
  } else {
    target = arg0;
    if (typeof arg1 === "function") {
      filter = arg1;
      instructions = arg2;
      return mapWithFilter(target, filter, instructions);
    } else {
      instructions = arg1;
    }
  }
  for (const key in instructions) {
    if (!hasOwn(instructions, key)) {
      continue;
    }
    if (!Array.isArray(instructions[key])) {
      target[key] = instructions[key];
      continue;
    }
    applyInstruction(target, null, instructions, key);
  }
  return target;
}
var convertMap, take, mapWithFilter, applyInstruction, nonNullish, pass;
var init_object_mapping = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/object-mapping.js"() {
    init_transport();
    convertMap = (target) => {
      const output = {};
      for (const [k, v] of Object.entries(target || {})) {
        output[k] = [, v];
      }
      return output;
    };
    take = (source, instructions) => {
      const out = {};
      for (const key in instructions) {
        if (!hasOwn(instructions, key)) {
          continue;
        }
        applyInstruction(out, source, instructions, key);
      }
      return out;
    };
    mapWithFilter = (target, filter, instructions) => {
      return map(target, Object.entries(instructions).reduce((_instructions, [key, value]) => {
        if (Array.isArray(value)) {
          _instructions[key] = value;
        } else {
          if (typeof value === "function") {
            _instructions[key] = [filter, value()];
          } else {
            _instructions[key] = [filter, value];
          }
        }
        return _instructions;
      }, {}));
    };
    applyInstruction = (target, source, instructions, targetKey) => {
      if (source !== null) {
        let instruction = instructions[targetKey];
        if (typeof instruction === "function") {
          instruction = [, instruction];
        }
        const [filter2 = nonNullish, valueFn = pass, sourceKey = targetKey] = instruction;
        if (typeof filter2 === "function" && filter2(source[sourceKey]) || typeof filter2 !== "function" && !!filter2) {
          target[targetKey] = valueFn(source[sourceKey]);
        }
        return;
      }
      let [filter, value] = instructions[targetKey];
      if (typeof value === "function") {
        let _value;
        const defaultFilterPassed = filter === void 0 && (_value = value()) != null;
        const customFilterPassed = typeof filter === "function" && !!filter(void 0) || typeof filter !== "function" && !!filter;
        if (defaultFilterPassed) {
          target[targetKey] = _value;
        } else if (customFilterPassed) {
          target[targetKey] = value();
        }
      } else {
        const defaultFilterPassed = filter === void 0 && value != null;
        const customFilterPassed = typeof filter === "function" && !!filter(value) || typeof filter !== "function" && !!filter;
        if (defaultFilterPassed || customFilterPassed) {
          target[targetKey] = value;
        }
      }
    };
    nonNullish = (_) => _ != null;
    pass = (_) => _;
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/ser-utils.js
var serializeFloat, serializeDateTime;
var init_ser_utils = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/ser-utils.js"() {
    serializeFloat = (value) => {
      if (value !== value) {
        return "NaN";
      }
      switch (value) {
        case Infinity:
          return "Infinity";
        case -Infinity:
          return "-Infinity";
        default:
          return value;
      }
    };
    serializeDateTime = (date) => date.toISOString().replace(".000Z", "Z");
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/serde-json.js
var _json;
var init_serde_json = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/serde-json.js"() {
    init_transport();
    _json = (obj) => {
      if (obj == null) {
        return {};
      }
      if (Array.isArray(obj)) {
        return obj.filter((_) => _ != null).map(_json);
      }
      if (typeof obj === "object") {
        const target = {};
        for (const key in obj) {
          if (!hasOwn(obj, key)) {
            continue;
          }
          if (obj[key] == null) {
            continue;
          }
          target[key] = _json(obj[key]);
        }
        return target;
      }
      return obj;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/client-command-builder.js
function makeBuilder(common, service, name, ep) {
  return function makeCommand(added, plugins, op, $, smithyContext = {}) {
    const epMerged = Object.assign({}, common, added);
    return Command.classBuilder().ep(epMerged).m(function(CommandCtor, clientStack, config, options) {
      const list = plugins.call(this, CommandCtor, clientStack, config, options);
      list.unshift(ep(config, CommandCtor.getEndpointParameterInstructions()));
      return list;
    }).s(service, op, smithyContext).n(name, op.charAt(0).toUpperCase() + op.slice(1) + "Command").sc($).build();
  };
}
var init_client_command_builder = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/client-command-builder.js"() {
    init_command();
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/index.js
var client_exports = {};
__export(client_exports, {
  AlgorithmId: () => import_types2.AlgorithmId,
  Client: () => Client,
  Command: () => Command,
  NoOpLogger: () => NoOpLogger,
  SENSITIVE_STRING: () => SENSITIVE_STRING2,
  ServiceException: () => ServiceException,
  WaiterState: () => WaiterState,
  _json: () => _json,
  checkExceptions: () => checkExceptions,
  constructStack: () => constructStack,
  convertMap: () => convertMap,
  createAggregatedClient: () => createAggregatedClient,
  createWaiter: () => createWaiter,
  decorateServiceException: () => decorateServiceException,
  emitWarningIfUnsupportedVersion: () => emitWarningIfUnsupportedVersion,
  getArrayIfSingleItem: () => getArrayIfSingleItem,
  getChecksumConfiguration: () => getChecksumConfiguration,
  getDefaultClientConfiguration: () => getDefaultClientConfiguration,
  getDefaultExtensionConfiguration: () => getDefaultExtensionConfiguration,
  getRetryConfiguration: () => getRetryConfiguration,
  getSmithyContext: () => getSmithyContext,
  getValueFromTextNode: () => getValueFromTextNode,
  invalidFunction: () => invalidFunction,
  invalidProvider: () => invalidProvider,
  isSerializableHeaderValue: () => isSerializableHeaderValue,
  loadConfigsForDefaultMode: () => loadConfigsForDefaultMode,
  makeBuilder: () => makeBuilder,
  map: () => map,
  normalizeProvider: () => normalizeProvider,
  resolveChecksumRuntimeConfig: () => resolveChecksumRuntimeConfig,
  resolveDefaultRuntimeConfig: () => resolveDefaultRuntimeConfig,
  resolveRetryRuntimeConfig: () => resolveRetryRuntimeConfig,
  schemaLogFilter: () => schemaLogFilter,
  serializeDateTime: () => serializeDateTime,
  serializeFloat: () => serializeFloat,
  take: () => take,
  throwDefaultError: () => throwDefaultError,
  waiterServiceDefaults: () => waiterServiceDefaults,
  withBaseException: () => withBaseException
});
var init_client2 = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/index.js"() {
    init_MiddlewareStack();
    init_transport();
    init_transport();
    init_invalidFunction();
    init_invalidProvider();
    init_createWaiter();
    init_waiter();
    init_client();
    init_command();
    init_constants();
    init_create_aggregated_client();
    init_default_error_handler();
    init_defaults_mode();
    init_emitWarningIfUnsupportedVersion();
    init_exceptions();
    init_defaultExtensionConfiguration();
    init_checksum();
    init_retry();
    init_get_array_if_single_item();
    init_get_value_from_text_node();
    init_is_serializable_header_value();
    init_NoOpLogger();
    init_object_mapping();
    init_schemaLogFilter();
    init_ser_utils();
    init_serde_json();
    init_client_command_builder();
  }
});

// node_modules/@smithy/hash-node/dist-cjs/index.js
var require_dist_cjs2 = __commonJS({
  "node_modules/@smithy/hash-node/dist-cjs/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Hash = void 0;
    var serde_1 = (init_serde(), __toCommonJS(serde_exports));
    Object.defineProperty(exports, "Hash", { enumerable: true, get: function() {
      return serde_1.Hash;
    } });
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/collect-stream-body.js
var collectBody;
var init_collect_stream_body = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/collect-stream-body.js"() {
    init_serde();
    collectBody = async (streamBody = new Uint8Array(), context) => {
      if (streamBody instanceof Uint8Array) {
        return Uint8ArrayBlobAdapter.mutate(streamBody);
      }
      if (!streamBody) {
        return Uint8ArrayBlobAdapter.mutate(new Uint8Array());
      }
      const fromContext = context.streamCollector(streamBody);
      return Uint8ArrayBlobAdapter.mutate(await fromContext);
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/extended-encode-uri-component.js
function extendedEncodeURIComponent(str) {
  if (/^[\w.~-]+$/.test(str)) {
    return str;
  }
  return encodeURIComponent(str).replace(/[!'()*]/g, function(c) {
    return "%" + c.charCodeAt(0).toString(16).toUpperCase();
  });
}
var init_extended_encode_uri_component = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/extended-encode-uri-component.js"() {
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/HttpBindingNormalizedSchema.js
var HTTP_BINDINGS, HttpBindingNormalizedSchema, buildHttpBindings, buildPathSegments, buildHttpOperationBindings, EMPTY_BINDINGS, getHttpOperationBindings, createBodySchema;
var init_HttpBindingNormalizedSchema = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/HttpBindingNormalizedSchema.js"() {
    init_schema();
    init_serde();
    HTTP_BINDINGS = /* @__PURE__ */ Symbol.for("@smithy/schema-x");
    HttpBindingNormalizedSchema = class _HttpBindingNormalizedSchema extends NormalizedSchema {
      static identity = /* @__PURE__ */ Symbol.for("@smithy/HttpBindingNormalizedSchema");
      identity = _HttpBindingNormalizedSchema.identity;
      bindings;
      constructor(schema) {
        super(schema);
      }
      static of(schema) {
        const ns = NormalizedSchema.of(schema);
        if (ns.identity === _HttpBindingNormalizedSchema.identity) {
          return ns;
        }
        const schemaCache = ns.isMemberSchema() ? ns : ns.getSchema();
        const cache = typeof schemaCache === "object" && schemaCache !== null ? schemaCache : ns;
        return cache[HTTP_BINDINGS] ??= new _HttpBindingNormalizedSchema(ns);
      }
      getHttpBindingLocation(traits) {
        if (traits.httpPayload) {
          return 36;
        }
        if (traits.httpLabel) {
          return 33;
        }
        if (traits.httpHeader) {
          return 38;
        }
        if (typeof traits.httpPrefixHeaders === "string") {
          return 39;
        }
        if (traits.httpQuery) {
          return 34;
        }
        if (traits.httpQueryParams) {
          return 35;
        }
        if (traits.httpResponseCode) {
          return 37;
        }
        return 32;
      }
      getHttpBindingValue(location, traits, nested = false) {
        const raw = this.getSchema();
        const type = typeof raw === "number" ? raw & 255 : this.isListSchema() ? 64 : 255;
        const slot = location & 7;
        const media = traits.mediaType ? traits.mediaType === "application/json" || traits.mediaType.endsWith("+json") ? 2 : 1 : 0;
        const stream = traits.streaming || type === 42 ? this.isStructSchema() ? 2 : 1 : 0;
        const timestamp = type >= 4 && type <= 7 ? slot >= 6 ? 2 : slot > 0 && slot < 4 ? 1 : 0 : 0;
        let flags = type | media << 8 | (traits.idempotencyToken ? 1 : 0) << 10 | stream << 11 | (traits.sparse ? 1 : 0) << 13 | timestamp << 14 | (traits.hostLabel ? 1 : 0) << 17 | (location === 36 && typeof raw !== "object" ? 1 : 0) << 18;
        const category = type & 192;
        const collectionValue = slot & 2 && (category === 64 || !nested && slot & 1) ? this.getHttpBindingCollectionValue(location, traits) : void 0;
        const valueType = (collectionValue?.[1] ?? 0) & 255;
        flags |= (slot >= 6 && (valueType === 4 || valueType === 6) ? 1 : 0) << 16;
        return [this, flags, collectionValue];
      }
      getHttpBindingCollectionValue(location, traits = this.getMergedTraits()) {
        const valueSchema = _HttpBindingNormalizedSchema.of(this.getValueSchema());
        return valueSchema.getHttpBindingValue(location, { ...valueSchema.getMergedTraits(), ...traits }, true);
      }
      getHttpBindings() {
        const source = this.getSchema();
        return typeof source !== "object" || source === null ? EMPTY_BINDINGS : this.bindings ??= buildHttpBindings(this);
      }
    };
    buildHttpBindings = (schema) => {
      const bodyMemberNames = [];
      const bodyMemberSchemas = [];
      const requestBodyMemberNames = [];
      const requestBodyMemberSchemas = [];
      const memberBindings = [];
      const byName = {};
      const headers = {};
      const prefixHeaders = [];
      const responseBindings = { headers, prefixHeaders };
      const bindings = {
        request: { memberBindings, byName },
        response: {
          bodyMemberNames,
          bindings: responseBindings
        }
      };
      const { request, response } = bindings;
      for (const [name, member] of schema.structIterator()) {
        const bindingSchema = HttpBindingNormalizedSchema.of(member);
        const traits = bindingSchema.getMergedTraits();
        const location = bindingSchema.getHttpBindingLocation(traits);
        const wireName = traits.httpHeader?.toLowerCase() ?? traits.httpPrefixHeaders?.toLowerCase() ?? traits.httpQuery;
        const value = bindingSchema.getHttpBindingValue(location, traits);
        const binding = [name, value, location, wireName];
        if (name === "__proto__") {
          writeKey(byName);
        }
        byName[name] = binding;
        if (value[1] >> 10 & 1) {
          request.hasIdempotency = true;
        }
        memberBindings.push(binding);
        const slot = location & 7;
        if (slot === 0) {
          requestBodyMemberNames.push(name);
          requestBodyMemberSchemas.push(member);
        }
        if ((slot & 4) === 0) {
          bodyMemberNames.push(name);
          bodyMemberSchemas.push(member);
        } else if ((slot & 6) === 4) {
          if (slot & 1) {
            responseBindings.statusCode = binding;
          } else {
            responseBindings.payload = binding;
            const type = value[1] & 255;
            request.contentTypeInstruction = traits.mediaType ?? (type === 0 ? "text/plain" : type === 21 || type === 42 ? "application/octet-stream" : null);
          }
        } else if (slot & 1) {
          request.hasPrefixHeaders = true;
          prefixHeaders.push(binding);
        } else {
          if (wireName === "__proto__") {
            writeKey(headers);
          }
          headers[wireName] = binding;
        }
      }
      if (request.contentTypeInstruction === void 0 && requestBodyMemberNames.length) {
        request.contentTypeInstruction = null;
      }
      request.syntheticBodySchema = createBodySchema(schema, requestBodyMemberNames, requestBodyMemberSchemas);
      response.syntheticBodySchema = createBodySchema(schema, bodyMemberNames, bodyMemberSchemas);
      return bindings;
    };
    buildPathSegments = (path) => {
      const segments = [];
      let offset = 0;
      for (const match of path.matchAll(/\{([^{}+]+)(\+)?\}/g)) {
        if (match.index > offset) {
          segments.push([path.slice(offset, match.index), 0]);
        }
        segments.push([match[1], match[2] ? 2 : 1]);
        offset = match.index + match[0].length;
      }
      if (segments.length && offset < path.length) {
        segments.push([path.slice(offset), 0]);
      }
      return segments.length ? segments : void 0;
    };
    buildHttpOperationBindings = (schema) => {
      const { http, endpoint } = translateTraits(schema.traits ?? {});
      const [path, search] = http?.[1].split("?") ?? [];
      return [
        http?.[0],
        path,
        search ? [...new URLSearchParams(search)] : [],
        path ? buildPathSegments(path) : void 0,
        endpoint?.[0]
      ];
    };
    EMPTY_BINDINGS = {
      request: { memberBindings: [], byName: {} },
      response: {
        bodyMemberNames: [],
        bindings: { headers: {}, prefixHeaders: [] }
      }
    };
    getHttpOperationBindings = (schema) => schema[HTTP_BINDINGS] ??= buildHttpOperationBindings(schema);
    createBodySchema = (schema, memberNames, memberSchemas) => {
      if (!memberNames.length) {
        return void 0;
      }
      const source = schema.getSchema();
      const body = [
        3,
        source[1],
        source[2],
        schema.getMergedTraits(),
        memberNames,
        memberSchemas
      ];
      const required = source[6];
      const bodyRequired = required && memberNames.reduce((count, name) => count + (source[4].indexOf(name) < required ? 1 : 0), 0);
      if (bodyRequired) {
        body[6] = bodyRequired;
      }
      return body;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/SerdeContext.js
var SerdeContext;
var init_SerdeContext = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/SerdeContext.js"() {
    SerdeContext = class {
      serdeContext;
      setSerdeContext(serdeContext) {
        this.serdeContext = serdeContext;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/HttpProtocol.js
var HttpProtocol;
var init_HttpProtocol = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/HttpProtocol.js"() {
    init_transport();
    init_schema();
    init_SerdeContext();
    init_HttpBindingNormalizedSchema();
    HttpProtocol = class extends SerdeContext {
      options;
      compositeErrorRegistry;
      constructor(options) {
        super();
        this.options = options;
        this.compositeErrorRegistry = new TypeRegistry(options.defaultNamespace);
        for (const etr of options.errorTypeRegistries ?? []) {
          this.compositeErrorRegistry.copyFrom(etr);
        }
      }
      getRequestType() {
        return HttpRequest;
      }
      getResponseType() {
        return HttpResponse;
      }
      setSerdeContext(serdeContext) {
        this.serdeContext = serdeContext;
        this.serializer.setSerdeContext(serdeContext);
        this.deserializer.setSerdeContext(serdeContext);
        if (this.getPayloadCodec()) {
          this.getPayloadCodec().setSerdeContext(serdeContext);
        }
      }
      updateServiceEndpoint(request, endpoint) {
        if ("url" in endpoint) {
          request.protocol = endpoint.url.protocol;
          request.hostname = endpoint.url.hostname;
          request.port = endpoint.url.port ? Number(endpoint.url.port) : void 0;
          request.path = endpoint.url.pathname;
          request.fragment = endpoint.url.hash || void 0;
          request.username = endpoint.url.username || void 0;
          request.password = endpoint.url.password || void 0;
          if (!request.query) {
            request.query = {};
          }
          for (const [k, v] of endpoint.url.searchParams.entries()) {
            request.query[k] = v;
          }
          if (endpoint.headers) {
            for (const name in endpoint.headers) {
              if (!hasOwn(endpoint.headers, name)) {
                continue;
              }
              request.headers[name] = endpoint.headers[name].join(", ");
            }
          }
          return request;
        } else {
          request.protocol = endpoint.protocol;
          request.hostname = endpoint.hostname;
          request.port = endpoint.port ? Number(endpoint.port) : void 0;
          request.path = endpoint.path;
          request.query = {
            ...endpoint.query
          };
          if (endpoint.headers) {
            for (const name in endpoint.headers) {
              if (!hasOwn(endpoint.headers, name)) {
                continue;
              }
              request.headers[name] = endpoint.headers[name];
            }
          }
          return request;
        }
      }
      setHostPrefix(request, operationSchema, input, operation = getHttpOperationBindings(operationSchema)) {
        if (this.serdeContext?.disableHostPrefix) {
          return;
        }
        const hostPrefix = operation[4];
        if (typeof hostPrefix !== "string") {
          return;
        }
        let resolvedHostPrefix = hostPrefix;
        for (const [name, [, flags]] of HttpBindingNormalizedSchema.of(operationSchema.input).getHttpBindings().request.memberBindings) {
          if (!(flags >> 17 & 1)) {
            continue;
          }
          const replacement = input[name];
          if (typeof replacement !== "string") {
            throw new Error(`@smithy/core/schema - ${name} in input must be a string as hostLabel.`);
          }
          resolvedHostPrefix = resolvedHostPrefix.replace(`{${name}}`, replacement);
        }
        request.hostname = resolvedHostPrefix + request.hostname;
        if (!isValidHostname(request.hostname)) {
          throw new Error(`[${request.hostname}] is not a valid hostname.`);
        }
      }
      deserializeMetadata(output) {
        return {
          httpStatusCode: output.statusCode,
          requestId: output.headers["x-amzn-requestid"] ?? output.headers["x-amzn-request-id"] ?? output.headers["x-amz-request-id"],
          extendedRequestId: output.headers["x-amz-id-2"],
          cfId: output.headers["x-amz-cf-id"]
        };
      }
      resolveError(name, namespaces, registries) {
        const defaultErrorSchema = [-3, "", "Error", 0, [], [], 0];
        let schema;
        for (const registry of registries) {
          for (const ns of namespaces) {
            try {
              if (ns === "*") {
                schema = registry.getSchema(name);
              } else {
                schema = registry.getSchema(ns + "#" + name);
              }
              const errorCtor = registry.getErrorCtor(schema);
              if (errorCtor) {
                return [schema, errorCtor, "modeled"];
              } else {
                const syntheticErrorSchema = registry.getBaseException();
                if (syntheticErrorSchema) {
                  const syntheticErrorCtor = registry.getErrorCtor(syntheticErrorSchema);
                  if (syntheticErrorCtor) {
                    return [schema, syntheticErrorCtor, "synthetic"];
                  }
                }
              }
            } catch (ignored) {
            }
          }
        }
        for (const registry of registries) {
          const syntheticErrorSchema = registry.getBaseException();
          if (syntheticErrorSchema) {
            const syntheticErrorCtor = registry.getErrorCtor(syntheticErrorSchema);
            if (syntheticErrorCtor) {
              return [syntheticErrorSchema, syntheticErrorCtor, "synthetic"];
            }
          }
        }
        return [defaultErrorSchema, Error, "native"];
      }
      async serializeEventStream({ eventStream, requestSchema, initialRequest }) {
        const eventStreamSerde = await this.loadEventStreamCapability();
        return eventStreamSerde.serializeEventStream({
          eventStream,
          requestSchema,
          initialRequest
        });
      }
      async deserializeEventStream({ response, responseSchema, initialResponseContainer }) {
        const eventStreamSerde = await this.loadEventStreamCapability();
        return eventStreamSerde.deserializeEventStream({
          response,
          responseSchema,
          initialResponseContainer
        });
      }
      async loadEventStreamCapability() {
        const { EventStreamSerde, eventStreamSerdeProvider } = await import("./event-streams-TIYHZIFV.js");
        const marshaller = this.resolveEventStreamMarshaller(eventStreamSerdeProvider);
        return new EventStreamSerde({
          marshaller,
          serializer: this.serializer,
          deserializer: this.deserializer,
          serdeContext: this.serdeContext,
          defaultContentType: this.getDefaultContentType(),
          compositeErrorRegistry: this.compositeErrorRegistry
        });
      }
      getDefaultContentType() {
        throw new Error(`@smithy/core/protocols - ${this.constructor.name} getDefaultContentType() implementation missing.`);
      }
      async deserializeHttpMessage(schema, context, response, arg4, arg5) {
        void schema;
        void context;
        void response;
        void arg4;
        void arg5;
        return [];
      }
      getEventStreamMarshaller() {
        const context = this.serdeContext;
        if (!context.eventStreamMarshaller) {
          throw new Error("@smithy/core - HttpProtocol: eventStreamMarshaller missing in serdeContext.");
        }
        return context.eventStreamMarshaller;
      }
      resolveEventStreamMarshaller(importedProvider) {
        const context = this.serdeContext;
        if (context.eventStreamMarshaller) {
          return context.eventStreamMarshaller;
        }
        return importedProvider(this.serdeContext);
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/HttpBindingProtocol.js
var HttpBindingProtocol;
var init_HttpBindingProtocol = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/HttpBindingProtocol.js"() {
    init_transport();
    init_serde();
    init_HttpBindingNormalizedSchema();
    init_HttpProtocol();
    init_collect_stream_body();
    init_extended_encode_uri_component();
    HttpBindingProtocol = class extends HttpProtocol {
      async serializeRequest(operationSchema, _input, context) {
        const input = _input && typeof _input === "object" ? _input : {};
        const query = {};
        const headers = {};
        const endpoint = await context.endpoint();
        const ns = HttpBindingNormalizedSchema.of(operationSchema?.input);
        const bindings = ns.getHttpBindings().request;
        const operation = getHttpOperationBindings(operationSchema);
        const request = new HttpRequest({ query, headers });
        if (endpoint) {
          this.updateServiceEndpoint(request, endpoint);
          this.setHostPrefix(request, operationSchema, input, operation);
          const [method, path, staticQuery] = operation;
          if (method) {
            request.method = method;
            request.path = request.path === "/" ? path : request.path + path;
            for (const [key, value] of staticQuery) {
              query[key] = value;
            }
          }
        }
        request.query = query;
        const eventStream = this.serializeHttpBindings(input, request, bindings, operation);
        if (eventStream) {
          request.body = await this.serializeEventStream({ eventStream, requestSchema: ns });
        }
        return request;
      }
      serializeHttpBindings(input, request, bindings, operation) {
        const serializer = this.serializer;
        const directSerializer = typeof serializer.writeCodec === "function" ? serializer : void 0;
        const query = request.query;
        const headers = request.headers;
        const bodySchema = bindings.syntheticBodySchema;
        let hasBodyValue = false;
        let payload;
        let eventStream;
        let labels;
        const names = Object.getOwnPropertyNames(input);
        const prototype = Object.getPrototypeOf(input);
        const sparse = (prototype === Object.prototype || prototype === null) && !bindings.hasIdempotency && !bindings.hasPrefixHeaders && names.length * 2 < bindings.memberBindings.length;
        const length = sparse ? names.length : bindings.memberBindings.length;
        for (let i = 0; i < length; ++i) {
          const binding = sparse ? hasOwn(bindings.byName, names[i]) ? bindings.byName[names[i]] : void 0 : bindings.memberBindings[i];
          if (!binding) {
            continue;
          }
          const value = binding[1];
          const memberName = binding[0];
          const memberNs = value[0];
          const flags = value[1];
          const collectionValue = value[2];
          const location = binding[2];
          const wireName = binding[3];
          const inputMemberValue = input[memberName];
          if (inputMemberValue == null && !(flags >> 10 & 1)) {
            continue;
          }
          if (location === 36) {
            const stream = flags >> 11 & 3;
            if (stream) {
              if (stream === 2) {
                eventStream = inputMemberValue || void 0;
              } else {
                payload = inputMemberValue;
              }
            } else {
              if (directSerializer) {
                directSerializer.writeCodec(memberNs, inputMemberValue);
              } else {
                serializer.write(memberNs, inputMemberValue);
              }
              payload = serializer.flush();
            }
          } else if (location === 33 || location === 38) {
            const serialized = this.serializeHttpValue(value, inputMemberValue, location, directSerializer);
            if (location === 33) {
              (labels ??= /* @__PURE__ */ Object.create(null))[memberName] = serialized;
            } else {
              headers[wireName] = serialized;
            }
          } else if (location === 39) {
            for (const key in inputMemberValue) {
              if (!hasOwn(inputMemberValue, key)) {
                continue;
              }
              const amalgam = wireName + key;
              headers[amalgam.toLowerCase()] = this.serializeHttpValue(collectionValue, inputMemberValue[key], 38, directSerializer, directSerializer ? collectionValue[0] : [collectionValue[0], { httpHeader: amalgam }]);
            }
          } else if ((location & 62) === 34) {
            this.serializeQuery(value, inputMemberValue, wireName, query, directSerializer);
          } else {
            hasBodyValue = true;
          }
        }
        const operationPath = operation[1];
        const pathSegments = operation[3];
        if (operationPath && pathSegments && request.path.endsWith(operationPath)) {
          request.path = request.path.slice(0, -operationPath.length) + this.serializePath(pathSegments, labels, bindings);
        }
        if (hasBodyValue && bodySchema) {
          if (directSerializer) {
            directSerializer.writeCodec(bodySchema, input);
          } else {
            serializer.write(bodySchema, input);
          }
          payload = serializer.flush();
        }
        request.body = payload;
        return eventStream;
      }
      serializeQuery(value, data, wireName, query, directSerializer) {
        const [ns, flags, collectionValue] = value;
        const traits = directSerializer ? void 0 : ns.getMergedTraits();
        if (wireName === void 0) {
          for (const key in data) {
            if (!hasOwn(data, key) || key in query) {
              continue;
            }
            if (!directSerializer) {
              Object.assign(collectionValue[0].getMergedTraits(), {
                ...traits,
                httpQuery: key,
                httpQueryParams: void 0
              });
            }
            this.serializeQuery(collectionValue, data[key], key, query, directSerializer);
          }
          return;
        }
        if ((flags & 192) === 64) {
          const buffer = [];
          for (const item of data) {
            const serialized = this.serializeHttpValue(collectionValue, item, 34, directSerializer, directSerializer ? collectionValue[0] : [collectionValue[0], traits]);
            if (flags >> 13 & 1 || serialized !== void 0) {
              buffer.push(serialized);
            }
          }
          query[wireName] = buffer;
        } else {
          query[wireName] = this.serializeHttpValue(value, data, 34, directSerializer, directSerializer ? ns : [ns, traits]);
        }
      }
      serializeHttpValue(value, data, location, directSerializer, schema = value[0]) {
        const flags = value[1];
        const type = flags & 255;
        if (directSerializer && !(flags & 1792) && (type <= 2 || type === 17 || type === 19)) {
          return String(data);
        }
        if (directSerializer) {
          directSerializer.writeHttpBinding(value, data, location);
        } else {
          this.serializer.write(schema, data);
        }
        return this.serializer.flush();
      }
      serializePath(segments, labels, bindings) {
        let path = "";
        for (const [value, kind] of segments) {
          if (kind === 0) {
            path += value;
            continue;
          }
          const replacement = labels?.[value];
          if (replacement === void 0) {
            if (hasOwn(bindings.byName, value) && bindings.byName[value][2] === 33) {
              throw new Error(`No value provided for input HTTP label: ${value}.`);
            }
            path += `{${value}${kind === 2 ? "+" : ""}}`;
          } else {
            path += kind === 2 ? replacement.split("/").map(extendedEncodeURIComponent).join("/") : extendedEncodeURIComponent(replacement);
          }
        }
        return path;
      }
      async deserializeResponse(operationSchema, context, response) {
        const deserializer = this.deserializer;
        const directDeserializer = typeof deserializer.readCodec === "function" ? deserializer : void 0;
        const ns = HttpBindingNormalizedSchema.of(operationSchema.output);
        const responseBindings = ns.getHttpBindings().response;
        const dataObject = {};
        if (response.statusCode >= 300) {
          const bytes = await collectBody(response.body, context);
          if (bytes.byteLength > 0) {
            Object.assign(dataObject, await deserializer.read(15, bytes));
          }
          await this.handleError(operationSchema, context, response, dataObject, this.deserializeMetadata(response));
          throw new Error("@smithy/core/protocols - HTTP Protocol error handler failed to throw.");
        }
        const nonHttpBindingMembers = await this.deserializeHttpMessage(ns, context, response, dataObject);
        if (nonHttpBindingMembers.length) {
          const bytes = await collectBody(response.body, context);
          if (bytes.byteLength > 0) {
            const dataFromBody = await (directDeserializer ? directDeserializer.readCodec(responseBindings.syntheticBodySchema, bytes) : deserializer.read(responseBindings.syntheticBodySchema, bytes));
            for (const member of nonHttpBindingMembers) {
              if (dataFromBody[member] != null) {
                dataObject[member] = dataFromBody[member];
              }
            }
          }
        } else if (!responseBindings.bindings.payload) {
          await collectBody(response.body, context);
        }
        dataObject.$metadata = this.deserializeMetadata(response);
        return dataObject;
      }
      async deserializeHttpMessage(schema, context, response, arg4, arg5) {
        const dataObject = arg4 instanceof Set ? arg5 : arg4;
        const deserializer = this.deserializer;
        const directDeserializer = typeof deserializer.readCodec === "function" ? deserializer : void 0;
        const ns = HttpBindingNormalizedSchema.of(schema);
        const { bodyMemberNames, bindings: { payload, statusCode, headers: responseHeaders, prefixHeaders } } = ns.getHttpBindings().response;
        const headers = response.headers;
        if (payload) {
          const [memberName, value] = payload;
          const [memberSchema, flags] = value;
          const stream = flags >> 11 & 3;
          if (stream) {
            if (stream === 2) {
              dataObject[memberName] = await this.deserializeEventStream({
                response,
                responseSchema: ns
              });
            } else {
              dataObject[memberName] = sdkStreamMixin(response.body);
            }
          } else if (response.body) {
            const bytes = await collectBody(response.body, context);
            if (bytes.byteLength > 0) {
              dataObject[memberName] = await (directDeserializer ? directDeserializer.readPayload(value, bytes) : deserializer.read(memberSchema, bytes));
            }
          }
        }
        for (const header in headers) {
          if (!hasOwn(headers, header)) {
            continue;
          }
          const lower = header.toLowerCase();
          const headerValue = headers[header];
          if (lower !== header) {
            delete headers[header];
            headers[lower] = headerValue;
          }
          const binding = hasOwn(responseHeaders, lower) ? responseHeaders[lower] : void 0;
          if (!binding) {
            continue;
          }
          const [memberName, [memberSchema, flags, collectionValue], , wireName] = binding;
          if (collectionValue) {
            const sections = flags >> 16 & 1 ? splitEvery(headerValue, ",", 2) : splitHeader(headerValue);
            const list = [];
            for (const section of sections) {
              list.push(directDeserializer ? directDeserializer.readHttpBinding(collectionValue, section.trim(), 38) : await deserializer.read([collectionValue[0], { httpHeader: wireName }], section.trim()));
            }
            dataObject[memberName] = list;
          } else {
            dataObject[memberName] = directDeserializer ? directDeserializer.readHttpBinding(binding[1], headerValue, 38) : await deserializer.read(memberSchema, headerValue);
          }
        }
        for (const [memberName, [, , collectionValue], , wireName] of prefixHeaders) {
          dataObject[memberName] = {};
          for (const header in headers) {
            if (!hasOwn(headers, header)) {
              continue;
            }
            if (!header.startsWith(wireName)) {
              continue;
            }
            const headerValue = headers[header];
            dataObject[memberName][header.slice(wireName.length)] = directDeserializer ? directDeserializer.readHttpBinding(collectionValue, headerValue, 38) : await deserializer.read([collectionValue[0], { httpHeader: header }], headerValue);
          }
        }
        if (statusCode) {
          dataObject[statusCode[0]] = response.statusCode;
        }
        return bodyMemberNames;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/RpcProtocol.js
var RpcProtocol;
var init_RpcProtocol = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/RpcProtocol.js"() {
    init_transport();
    init_schema();
    init_transport();
    init_HttpProtocol();
    init_collect_stream_body();
    RpcProtocol = class extends HttpProtocol {
      async serializeRequest(operationSchema, _input, context) {
        const serializer = this.serializer;
        const query = {};
        const headers = {};
        const endpoint = await context.endpoint();
        const ns = NormalizedSchema.of(operationSchema?.input);
        const schema = ns.getSchema();
        let payload;
        const input = _input && typeof _input === "object" ? _input : {};
        const request = new HttpRequest({
          protocol: "",
          hostname: "",
          port: void 0,
          path: "/",
          fragment: void 0,
          query,
          headers,
          body: void 0
        });
        if (endpoint) {
          this.updateServiceEndpoint(request, endpoint);
          this.setHostPrefix(request, operationSchema, input);
        }
        if (input) {
          const eventStreamMember = ns.getEventStreamMember();
          if (eventStreamMember) {
            if (input[eventStreamMember]) {
              const initialRequest = {};
              for (const [memberName] of ns.structIterator()) {
                if (memberName !== eventStreamMember && input[memberName] != null) {
                  initialRequest[memberName] = input[memberName];
                }
              }
              payload = await this.serializeEventStream({
                eventStream: input[eventStreamMember],
                requestSchema: ns,
                initialRequest
              });
            }
          } else {
            serializer.write(schema, input);
            payload = serializer.flush();
          }
        }
        request.headers = Object.assign(request.headers, headers);
        request.query = query;
        request.body = payload;
        request.method = "POST";
        return request;
      }
      async deserializeResponse(operationSchema, context, response) {
        const deserializer = this.deserializer;
        const ns = NormalizedSchema.of(operationSchema.output);
        const dataObject = {};
        if (this.isErrorResponse(response.statusCode)) {
          const bytes = await collectBody(response.body, context);
          if (bytes.byteLength > 0) {
            Object.assign(dataObject, await deserializer.read(15, bytes));
          }
          await this.handleError(operationSchema, context, response, dataObject, this.deserializeMetadata(response));
          throw new Error("@smithy/core/protocols - RPC Protocol error handler failed to throw.");
        }
        for (const header in response.headers) {
          if (!hasOwn(response.headers, header)) {
            continue;
          }
          const value = response.headers[header];
          delete response.headers[header];
          response.headers[header.toLowerCase()] = value;
        }
        const eventStreamMember = ns.getEventStreamMember();
        if (eventStreamMember) {
          dataObject[eventStreamMember] = await this.deserializeEventStream({
            response,
            responseSchema: ns,
            initialResponseContainer: dataObject
          });
        } else {
          const bytes = await collectBody(response.body, context);
          if (bytes.byteLength > 0) {
            Object.assign(dataObject, await deserializer.read(ns, bytes));
          }
        }
        dataObject.$metadata = this.deserializeMetadata(response);
        return dataObject;
      }
      isErrorResponse(statusCode) {
        return statusCode >= 300;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/AbstractRpcV2Protocol.js
var AbstractRpcV2Protocol;
var init_AbstractRpcV2Protocol = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/AbstractRpcV2Protocol.js"() {
    init_schema();
    init_transport();
    init_RpcProtocol();
    AbstractRpcV2Protocol = class extends RpcProtocol {
      constructor({ defaultNamespace, errorTypeRegistries }) {
        super({ defaultNamespace, errorTypeRegistries });
      }
      async serializeRequest(operationSchema, input, context) {
        const request = await super.serializeRequest(operationSchema, input, context);
        Object.assign(request.headers, {
          "content-type": this.getDefaultContentType(),
          "smithy-protocol": this.getSmithyProtocolHeaderValue(),
          accept: this.getDefaultContentType()
        });
        if (deref(operationSchema.input) === "unit") {
          delete request.body;
          delete request.headers["content-type"];
        } else {
          this.applyEmptyBody(request);
        }
        const { service, operation } = getSmithyContext(context);
        const path = `/service/${service}/operation/${operation}`;
        if (request.path.endsWith("/")) {
          request.path += path.slice(1);
        } else {
          request.path += path;
        }
        return request;
      }
      isErrorResponse(statusCode) {
        return statusCode !== 200;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/resolve-path.js
var resolvedPath;
var init_resolve_path = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/resolve-path.js"() {
    init_extended_encode_uri_component();
    resolvedPath = (resolvedPath2, input, memberName, labelValueProvider, uriLabel, isGreedyLabel) => {
      if (input != null && input[memberName] !== void 0) {
        const labelValue = labelValueProvider();
        if (labelValue == null || labelValue.length <= 0) {
          throw new Error("Empty value provided for input HTTP label: " + memberName + ".");
        }
        resolvedPath2 = resolvedPath2.replace(uriLabel, isGreedyLabel ? labelValue.split("/").map((segment) => extendedEncodeURIComponent(segment)).join("/") : extendedEncodeURIComponent(labelValue));
      } else {
        throw new Error("No value provided for input HTTP label: " + memberName + ".");
      }
      return resolvedPath2;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/requestBuilder.js
function requestBuilder(input, context) {
  return new RequestBuilder(input, context);
}
var RequestBuilder;
var init_requestBuilder = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/requestBuilder.js"() {
    init_transport();
    init_resolve_path();
    RequestBuilder = class {
      input;
      context;
      query = {};
      method = "";
      headers = {};
      path = "";
      body = null;
      hostname = "";
      resolvePathStack = [];
      constructor(input, context) {
        this.input = input;
        this.context = context;
      }
      async build() {
        const { hostname, protocol = "https", port, path: basePath } = await this.context.endpoint();
        this.path = basePath;
        for (const resolvePath of this.resolvePathStack) {
          resolvePath(this.path);
        }
        return new HttpRequest({
          protocol,
          hostname: this.hostname || hostname,
          port,
          method: this.method,
          path: this.path,
          query: this.query,
          body: this.body,
          headers: this.headers
        });
      }
      hn(hostname) {
        this.hostname = hostname;
        return this;
      }
      bp(uriLabel) {
        this.resolvePathStack.push((basePath) => {
          this.path = `${basePath?.endsWith("/") ? basePath.slice(0, -1) : basePath || ""}` + uriLabel;
        });
        return this;
      }
      p(memberName, labelValueProvider, uriLabel, isGreedyLabel) {
        this.resolvePathStack.push((path) => {
          this.path = resolvedPath(path, this.input, memberName, labelValueProvider, uriLabel, isGreedyLabel);
        });
        return this;
      }
      h(headers) {
        this.headers = headers;
        return this;
      }
      q(query) {
        this.query = query;
        return this;
      }
      b(body) {
        this.body = body;
        return this;
      }
      m(method) {
        this.method = method;
        return this;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/serde/FromStringShapeDeserializer.js
var FromStringShapeDeserializer;
var init_FromStringShapeDeserializer = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/serde/FromStringShapeDeserializer.js"() {
    init_serde();
    init_HttpBindingNormalizedSchema();
    init_SerdeContext();
    FromStringShapeDeserializer = class extends SerdeContext {
      settings;
      constructor(settings) {
        super();
        this.settings = settings;
      }
      read(_schema, data) {
        const ns = HttpBindingNormalizedSchema.of(_schema);
        const traits = ns.getMergedTraits();
        const location = ns.getHttpBindingLocation(traits);
        return this.readHttpBinding(ns.getHttpBindingValue(location, traits), data, location);
      }
      readHttpBinding([ns, flags, collectionValue], data, location) {
        const schema = flags & 255;
        if ((schema & 192) === 64) {
          collectionValue ??= ns.getHttpBindingCollectionValue(location);
          return splitHeader(data).map((item) => this.readHttpBinding(collectionValue, item, location));
        }
        switch (schema) {
          case 21:
          case 42:
            return (this.serdeContext?.base64Decoder ?? fromBase64)(data);
          case 4:
          case 5:
          case 6:
          case 7: {
            const bindingFormat = this.settings.httpBindings ? flags >> 14 & 3 : 0;
            const format = this.settings.timestampFormat.useTrait && schema > 4 ? schema : bindingFormat ? bindingFormat + 4 : this.settings.timestampFormat.default;
            switch (format) {
              case 5:
                return _parseRfc3339DateTimeWithOffset(data);
              case 6:
                return _parseRfc7231DateTime(data);
              case 7:
                return _parseEpochTimestamp(data);
              default:
                console.warn("Missing timestamp format, parsing value with Date constructor:", data);
                return new Date(data);
            }
          }
          case 0: {
            const media = flags >> 8 & 3;
            if (!media) {
              return data;
            }
            let intermediateValue = data;
            if ((location & 6) === 6) {
              intermediateValue = (this.serdeContext?.utf8Encoder ?? toUtf8)((this.serdeContext?.base64Decoder ?? fromBase64)(intermediateValue));
            }
            return media === 2 ? LazyJsonString.from(intermediateValue) : intermediateValue;
          }
          case 1:
            return Number(data);
          case 2:
            return data.toLowerCase() === "true";
          case 17:
            return BigInt(data);
          case 19:
            return new NumericValue(data, "bigDecimal");
          default:
            return data;
        }
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/serde/HttpInterceptingShapeDeserializer.js
var HttpInterceptingShapeDeserializer;
var init_HttpInterceptingShapeDeserializer = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/serde/HttpInterceptingShapeDeserializer.js"() {
    init_serde();
    init_HttpBindingNormalizedSchema();
    init_SerdeContext();
    init_FromStringShapeDeserializer();
    HttpInterceptingShapeDeserializer = class extends SerdeContext {
      codecDeserializer;
      stringDeserializer;
      constructor(codecDeserializer, codecSettings) {
        super();
        this.codecDeserializer = codecDeserializer;
        this.stringDeserializer = new FromStringShapeDeserializer(codecSettings);
      }
      setSerdeContext(serdeContext) {
        this.stringDeserializer.setSerdeContext(serdeContext);
        this.codecDeserializer.setSerdeContext(serdeContext);
        this.serdeContext = serdeContext;
      }
      read(schema, data) {
        const ns = HttpBindingNormalizedSchema.of(schema);
        const traits = ns.getMergedTraits();
        if (traits.httpHeader || traits.httpResponseCode) {
          const value = ns.getHttpBindingValue(38, traits);
          return this.readHttpBinding(value, data, 38);
        }
        if (traits.httpPayload) {
          return this.readPayload(ns.getHttpBindingValue(36, traits), data);
        }
        return this.readCodec(ns, data);
      }
      readHttpBinding(binding, data, location) {
        const value = typeof data === "string" ? data : (this.serdeContext?.utf8Encoder ?? toUtf8)(data);
        return this.stringDeserializer.readHttpBinding(binding, value, location);
      }
      readPayload([schema, flags], data) {
        const type = flags & 255;
        if (type === 21 || type === 42) {
          return typeof data === "string" ? (this.serdeContext?.utf8Decoder ?? fromUtf8)(data) : data;
        }
        if (type === 0) {
          return typeof data === "string" ? data : (this.serdeContext?.utf8Encoder ?? toUtf8)(data);
        }
        return this.readCodec(schema, data);
      }
      readCodec(schema, data) {
        return this.codecDeserializer.read(schema, data);
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/serde/ToStringShapeSerializer.js
var ToStringShapeSerializer;
var init_ToStringShapeSerializer = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/serde/ToStringShapeSerializer.js"() {
    init_serde();
    init_HttpBindingNormalizedSchema();
    init_SerdeContext();
    ToStringShapeSerializer = class extends SerdeContext {
      settings;
      stringBuffer = "";
      constructor(settings) {
        super();
        this.settings = settings;
      }
      write(schema, value) {
        const ns = HttpBindingNormalizedSchema.of(schema);
        const traits = ns.getMergedTraits();
        const location = ns.getHttpBindingLocation(traits);
        this.writeHttpBinding(ns.getHttpBindingValue(location, traits), value, location);
      }
      writeHttpBinding([ns, flags, collectionValue], value, location) {
        const schema = flags & 255;
        switch (typeof value) {
          case "object":
            if (value === null) {
              this.stringBuffer = "null";
              return;
            }
            if (schema >= 4 && schema <= 7) {
              if (!(value instanceof Date)) {
                throw new Error(`@smithy/core/protocols - received non-Date value ${value} when schema expected Date in ${ns.getName(true)}`);
              }
              const bindingFormat = this.settings.httpBindings ? flags >> 14 & 3 : 0;
              const format = this.settings.timestampFormat.useTrait && schema > 4 ? schema : bindingFormat ? bindingFormat + 4 : this.settings.timestampFormat.default;
              switch (format) {
                case 5:
                  this.stringBuffer = value.toISOString().replace(".000Z", "Z");
                  break;
                case 6:
                  this.stringBuffer = dateToUtcString(value);
                  break;
                case 7:
                  this.stringBuffer = String(value.getTime() / 1e3);
                  break;
                default:
                  console.warn("Missing timestamp format, using epoch seconds", value);
                  this.stringBuffer = String(value.getTime() / 1e3);
              }
              return;
            }
            if ((schema === 21 || schema === 42) && "byteLength" in value) {
              this.stringBuffer = (this.serdeContext?.base64Encoder ?? toBase64)(value);
              return;
            }
            if ((schema & 192) === 64 && Array.isArray(value)) {
              collectionValue ??= ns.getHttpBindingCollectionValue(location);
              const valueSchemaType = collectionValue[1] & 255;
              const isTimestamp = valueSchemaType >= 4 && valueSchemaType <= 7;
              let buffer = "";
              for (const item of value) {
                this.writeHttpBinding(collectionValue, item, location);
                const headerItem = this.flush();
                if (buffer) {
                  buffer += ", ";
                }
                buffer += isTimestamp ? headerItem : quoteHeader(headerItem);
              }
              this.stringBuffer = buffer;
              return;
            }
            this.stringBuffer = JSON.stringify(value, null, 2);
            break;
          case "string":
            const media = flags >> 8 & 3;
            let intermediateValue = value;
            if (media === 2) {
              intermediateValue = LazyJsonString.from(intermediateValue);
            }
            if (media && (location & 6) === 6) {
              this.stringBuffer = (this.serdeContext?.base64Encoder ?? toBase64)(intermediateValue.toString());
              return;
            }
            this.stringBuffer = value;
            break;
          default:
            this.stringBuffer = flags >> 10 & 1 ? generateIdempotencyToken() : String(value);
        }
      }
      flush() {
        const buffer = this.stringBuffer;
        this.stringBuffer = "";
        return buffer;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/serde/HttpInterceptingShapeSerializer.js
var HttpInterceptingShapeSerializer;
var init_HttpInterceptingShapeSerializer = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/serde/HttpInterceptingShapeSerializer.js"() {
    init_HttpBindingNormalizedSchema();
    init_ToStringShapeSerializer();
    HttpInterceptingShapeSerializer = class {
      codecSerializer;
      stringSerializer;
      buffer;
      constructor(codecSerializer, codecSettings, stringSerializer = new ToStringShapeSerializer(codecSettings)) {
        this.codecSerializer = codecSerializer;
        this.stringSerializer = stringSerializer;
      }
      setSerdeContext(serdeContext) {
        this.codecSerializer.setSerdeContext(serdeContext);
        this.stringSerializer.setSerdeContext(serdeContext);
      }
      write(schema, value) {
        const ns = HttpBindingNormalizedSchema.of(schema);
        const traits = ns.getMergedTraits();
        if (traits.httpHeader || traits.httpLabel || traits.httpQuery) {
          const location = ns.getHttpBindingLocation(traits);
          this.writeHttpBinding(ns.getHttpBindingValue(location, traits), value, location);
          return;
        }
        this.writeCodec(ns, value);
      }
      writeHttpBinding(binding, value, location) {
        this.stringSerializer.writeHttpBinding(binding, value, location);
        this.buffer = this.stringSerializer.flush();
      }
      writeCodec(schema, value) {
        this.codecSerializer.write(schema, value);
      }
      flush() {
        if (this.buffer !== void 0) {
          const buffer = this.buffer;
          this.buffer = void 0;
          return buffer;
        }
        return this.codecSerializer.flush();
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/serde/determineTimestampFormat.js
function determineTimestampFormat(ns, settings) {
  if (settings.timestampFormat.useTrait) {
    const schema = ns.getSchema();
    if (schema === 5 || schema === 6 || schema === 7) {
      return schema;
    }
  }
  const { httpLabel, httpPrefixHeaders, httpHeader, httpQuery } = ns.getMergedTraits();
  const bindingFormat = settings.httpBindings ? typeof httpPrefixHeaders === "string" || Boolean(httpHeader) ? 6 : Boolean(httpQuery) || Boolean(httpLabel) ? 5 : void 0 : void 0;
  return bindingFormat ?? settings.timestampFormat.default;
}
var init_determineTimestampFormat = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/serde/determineTimestampFormat.js"() {
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/protocol-http/Field.js
var import_types3, Field;
var init_Field = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/protocol-http/Field.js"() {
    import_types3 = __toESM(require_dist_cjs());
    Field = class {
      name;
      kind;
      values;
      constructor({ name, kind = import_types3.FieldPosition.HEADER, values = [] }) {
        this.name = name;
        this.kind = kind;
        this.values = values;
      }
      add(value) {
        this.values.push(value);
      }
      set(values) {
        this.values = values;
      }
      remove(value) {
        this.values = this.values.filter((v) => v !== value);
      }
      toString() {
        return this.values.map((v) => v.includes(",") || v.includes(" ") ? `"${v}"` : v).join(", ");
      }
      get() {
        return this.values;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/protocol-http/Fields.js
var Fields;
var init_Fields = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/protocol-http/Fields.js"() {
    Fields = class {
      entries = {};
      encoding;
      constructor({ fields = [], encoding = "utf-8" }) {
        fields.forEach(this.setField.bind(this));
        this.encoding = encoding;
      }
      setField(field) {
        this.entries[field.name.toLowerCase()] = field;
      }
      getField(name) {
        return this.entries[name.toLowerCase()];
      }
      removeField(name) {
        delete this.entries[name.toLowerCase()];
      }
      getByType(kind) {
        return Object.values(this.entries).filter((field) => field.kind === kind);
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/protocol-http/extensions/httpExtensionConfiguration.js
var getHttpHandlerExtensionConfiguration, resolveHttpHandlerRuntimeConfig;
var init_httpExtensionConfiguration = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/protocol-http/extensions/httpExtensionConfiguration.js"() {
    getHttpHandlerExtensionConfiguration = (runtimeConfig) => {
      if (runtimeConfig.logger && runtimeConfig.logger.constructor?.name !== "NoOpLogger") {
        runtimeConfig.requestHandler?.updateHttpClientConfig?.(/* @__PURE__ */ Symbol.for("logger"), runtimeConfig.logger);
      }
      if (runtimeConfig.defaultSocketTimeout) {
        runtimeConfig.requestHandler?.updateHttpClientConfig?.(/* @__PURE__ */ Symbol.for("@smithy/defaultSocketTimeout"), runtimeConfig.defaultSocketTimeout);
      }
      return {
        setHttpHandler(handler) {
          runtimeConfig.requestHandler = handler;
        },
        httpHandler() {
          return runtimeConfig.requestHandler;
        },
        updateHttpClientConfig(key, value) {
          runtimeConfig.requestHandler?.updateHttpClientConfig(key, value);
        },
        httpHandlerConfigs() {
          return runtimeConfig.requestHandler.httpHandlerConfigs();
        }
      };
    };
    resolveHttpHandlerRuntimeConfig = (httpHandlerExtensionConfiguration) => {
      return {
        requestHandler: httpHandlerExtensionConfiguration.httpHandler()
      };
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/middleware-content-length/contentLengthMiddleware.js
function contentLengthMiddleware(bodyLengthChecker) {
  return (next) => async (args) => {
    const request = args.request;
    if (HttpRequest.isInstance(request)) {
      const { body, headers } = request;
      if (body && Object.keys(headers).map((str) => str.toLowerCase()).indexOf(CONTENT_LENGTH_HEADER) === -1) {
        try {
          const length = bodyLengthChecker(body);
          if (length != null) {
            request.headers = {
              ...request.headers,
              [CONTENT_LENGTH_HEADER]: String(length)
            };
          }
        } catch (ignored) {
        }
      }
    }
    return next({
      ...args,
      request
    });
  };
}
var CONTENT_LENGTH_HEADER, contentLengthMiddlewareOptions, getContentLengthPlugin;
var init_contentLengthMiddleware = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/middleware-content-length/contentLengthMiddleware.js"() {
    init_transport();
    CONTENT_LENGTH_HEADER = "content-length";
    contentLengthMiddlewareOptions = {
      step: "build",
      tags: ["SET_CONTENT_LENGTH", "CONTENT_LENGTH"],
      name: "contentLengthMiddleware",
      override: true
    };
    getContentLengthPlugin = (options) => ({
      applyToStack: (clientStack) => {
        clientStack.add(contentLengthMiddleware(options.bodyLengthChecker), contentLengthMiddlewareOptions);
      }
    });
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/util-uri-escape/escape-uri.js
var escapeUri, hexEncode;
var init_escape_uri = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/util-uri-escape/escape-uri.js"() {
    escapeUri = (uri) => encodeURIComponent(uri).replace(/[!'()*]/g, hexEncode);
    hexEncode = (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/util-uri-escape/escape-uri-path.js
var escapeUriPath;
var init_escape_uri_path = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/util-uri-escape/escape-uri-path.js"() {
    init_escape_uri();
    escapeUriPath = (uri) => uri.split("/").map(escapeUri).join("/");
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/querystring-builder/buildQueryString.js
function buildQueryString(query) {
  const parts = [];
  for (let key of Object.keys(query).sort()) {
    const value = query[key];
    key = escapeUri(key);
    if (Array.isArray(value)) {
      for (let i = 0, iLen = value.length; i < iLen; i++) {
        parts.push(`${key}=${escapeUri(value[i])}`);
      }
    } else {
      let qsEntry = key;
      if (value || typeof value === "string") {
        qsEntry += `=${escapeUri(value)}`;
      }
      parts.push(qsEntry);
    }
  }
  return parts.join("&");
}
var init_buildQueryString = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/querystring-builder/buildQueryString.js"() {
    init_escape_uri();
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/ConfigurableSerdeContext.js
var SerdeContextConfig;
var init_ConfigurableSerdeContext = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/ConfigurableSerdeContext.js"() {
    SerdeContextConfig = class {
      serdeContext;
      setSerdeContext(serdeContext) {
        this.serdeContext = serdeContext;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/UnionSerde.js
var UnionSerde;
var init_UnionSerde = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/UnionSerde.js"() {
    UnionSerde = class {
      from;
      to;
      keys;
      constructor(from, to) {
        this.from = from;
        this.to = to;
        const keys = Object.keys(this.from);
        const set = new Set(keys);
        set.delete("__type");
        this.keys = set;
      }
      mark(key) {
        this.keys.delete(key);
      }
      hasUnknown() {
        return this.keys.size === 1 && Object.keys(this.to).length === 0;
      }
      writeUnknown() {
        if (this.hasUnknown()) {
          const k = this.keys.values().next().value;
          const v = this.from[k];
          this.to.$unknown = [k, v];
        }
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/json/detectBufferParsing.js
function detectBufferParsing() {
  if (canParseBuffer === void 0) {
    try {
      if (typeof Buffer !== "function") {
        canParseBuffer = false;
      } else {
        const result2 = JSON.parse(Buffer.from([123, 125]));
        canParseBuffer = result2 !== null && typeof result2 === "object";
      }
    } catch {
      canParseBuffer = false;
    }
  }
  return canParseBuffer;
}
var canParseBuffer;
var init_detectBufferParsing = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/json/detectBufferParsing.js"() {
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/json/jsonReviver.js
function jsonReviver(key, value, context) {
  if (context?.source) {
    const numericString = context.source;
    if (typeof value === "number") {
      const inSafeRange = value <= Number.MAX_SAFE_INTEGER && value >= Number.MIN_SAFE_INTEGER;
      if (inSafeRange) {
        if (isRepresentable(numericString, value)) {
          return value;
        }
        return new NumericValue(numericString, "bigDecimal");
      } else {
        if (isFractionalBigNumeric(numericString)) {
          return new NumericValue(numericString, "bigDecimal");
        }
        if (/[eE]/.test(numericString)) {
          return expandExponentToBigInt(numericString);
        }
        return BigInt(numericString);
      }
    }
  }
  return value;
}
function isFractionalBigNumeric(s) {
  const dotIndex = s.indexOf(".");
  if (dotIndex === -1) {
    return false;
  }
  const eIndex = s.search(/[eE]/);
  if (eIndex === -1) {
    return true;
  }
  const fracDigits = eIndex - dotIndex - 1;
  const exp = parseInt(s.slice(eIndex + 1), 10);
  return exp < fracDigits;
}
function isRepresentable(numericString, value) {
  if (numericString === String(value)) {
    return true;
  }
  if (Object.is(value, -0)) {
    return true;
  }
  if (/[eE]/.test(numericString)) {
    return expandToDecimal(numericString) === expandToDecimal(String(value));
  }
  const normalized = numericString.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  const canonical = String(value);
  if (normalized === canonical) {
    return true;
  }
  if (/[eE]/.test(canonical)) {
    return normalized === expandToDecimal(canonical);
  }
  return false;
}
function expandToDecimal(s) {
  const negative = s.startsWith("-");
  const abs = negative ? s.slice(1) : s;
  const eIndex = abs.search(/[eE]/);
  let result2;
  if (eIndex === -1) {
    result2 = abs;
  } else {
    const exp = parseInt(abs.slice(eIndex + 1), 10);
    const mantissa = abs.slice(0, eIndex);
    const dotIndex = mantissa.indexOf(".");
    let digits;
    let intLen;
    if (dotIndex === -1) {
      digits = mantissa;
      intLen = mantissa.length;
    } else {
      digits = mantissa.slice(0, dotIndex) + mantissa.slice(dotIndex + 1);
      intLen = dotIndex;
    }
    digits = digits.replace(/0+$/, "") || "0";
    const newDotPos = intLen + exp;
    if (digits === "0") {
      result2 = "0";
    } else if (newDotPos <= 0) {
      result2 = "0." + "0".repeat(-newDotPos) + digits;
    } else if (newDotPos >= digits.length) {
      result2 = digits + "0".repeat(newDotPos - digits.length);
    } else {
      result2 = digits.slice(0, newDotPos) + "." + digits.slice(newDotPos);
    }
  }
  if (result2.includes(".")) {
    result2 = result2.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  }
  return (negative ? "-" : "") + result2;
}
function expandExponentToBigInt(s) {
  const eIndex = s.search(/[eE]/);
  const exp = parseInt(s.slice(eIndex + 1), 10);
  const negative = s.startsWith("-");
  const mantissa = s.slice(negative ? 1 : 0, eIndex);
  const dotIndex = mantissa.indexOf(".");
  let digits;
  let shift;
  if (dotIndex === -1) {
    digits = mantissa;
    shift = exp;
  } else {
    digits = mantissa.slice(0, dotIndex) + mantissa.slice(dotIndex + 1);
    const fracDigits = mantissa.length - dotIndex - 1;
    shift = exp - fracDigits;
  }
  digits = digits.replace(/0+$/, "") || "0";
  const result2 = BigInt(digits) * 10n ** BigInt(shift + (mantissa.replace(".", "").length - digits.length));
  return negative ? -result2 : result2;
}
var init_jsonReviver = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/json/jsonReviver.js"() {
    init_serde();
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/json/needsReviver.js
function needsReviver(schema) {
  const ns = NormalizedSchema.of(schema);
  const raw = ns.getSchema();
  if (Array.isArray(raw) && ns.isStructSchema()) {
    if (REVIVER_SYMBOL in raw) {
      return raw[REVIVER_SYMBOL];
    }
    const result2 = _check(ns, /* @__PURE__ */ new Set());
    raw[REVIVER_SYMBOL] = result2;
    return result2;
  }
  return _check(ns, /* @__PURE__ */ new Set());
}
function _check(ns, seen) {
  const raw = ns.getSchema();
  if (seen.has(raw)) {
    return false;
  }
  seen.add(raw);
  if (ns.isBigIntegerSchema() || ns.isBigDecimalSchema()) {
    return true;
  }
  if (ns.isStructSchema()) {
    for (const [, memberSchema] of ns.structIterator()) {
      if (_check(memberSchema, seen)) {
        return true;
      }
    }
  } else if (ns.isListSchema() || ns.isMapSchema()) {
    if (_check(ns.getValueSchema(), seen)) {
      return true;
    }
  } else if (ns.isDocumentSchema()) {
    return true;
  }
  return false;
}
var REVIVER_SYMBOL;
var init_needsReviver = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/json/needsReviver.js"() {
    init_schema();
    REVIVER_SYMBOL = /* @__PURE__ */ Symbol.for("@aws-sdk/reviver");
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/common.js
var collectBodyString;
var init_common = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/common.js"() {
    init_collect_stream_body();
    init_serde();
    collectBodyString = (streamBody, context) => collectBody(streamBody, context).then((body) => (context?.utf8Encoder ?? toUtf8)(body));
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/json/parseJsonBody.js
async function parseJsonBody(streamBody, context, schema) {
  let parsingInput;
  if (detectBufferParsing() && typeof streamBody?.[Symbol.asyncIterator] === "function") {
    const buffer = await collectBody(streamBody, context);
    if (typeof Buffer === "function") {
      if (Buffer.isBuffer(buffer)) {
        parsingInput = buffer;
      } else {
        parsingInput = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      }
    }
  }
  if (!parsingInput) {
    parsingInput = await collectBodyString(streamBody, context);
  }
  if (parsingInput.length === 0) {
    return {};
  }
  const reviver = schema && needsReviver(schema) ? jsonReviver : void 0;
  try {
    return JSON.parse(parsingInput, reviver);
  } catch (e) {
    if (e?.name === "SyntaxError") {
      Object.defineProperty(e, "$responseBodyText", {
        value: typeof parsingInput === "string" ? parsingInput : parsingInput.toString("utf8")
      });
    }
    throw e;
  }
}
var parseJsonErrorBody, findKey, sanitizeErrorCode, loadRestJsonErrorCode, loadJsonRpcErrorCode, loadSmithyRpcV2JsonErrorCode, loadErrorCode;
var init_parseJsonBody = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/json/parseJsonBody.js"() {
    init_collect_stream_body();
    init_common();
    init_detectBufferParsing();
    init_jsonReviver();
    init_needsReviver();
    parseJsonErrorBody = async (errorBody, context) => {
      const value = await parseJsonBody(errorBody, context);
      value.message = value.message ?? value.Message;
      return value;
    };
    findKey = (object, key) => Object.keys(object).find((k) => k.toLowerCase() === key.toLowerCase());
    sanitizeErrorCode = (rawValue) => {
      let cleanValue = rawValue;
      if (typeof cleanValue === "number") {
        cleanValue = cleanValue.toString();
      }
      if (cleanValue.indexOf(",") >= 0) {
        cleanValue = cleanValue.split(",")[0];
      }
      if (cleanValue.indexOf(":") >= 0) {
        cleanValue = cleanValue.split(":")[0];
      }
      if (cleanValue.indexOf("#") >= 0) {
        cleanValue = cleanValue.split("#")[1];
      }
      return cleanValue;
    };
    loadRestJsonErrorCode = (output, data) => {
      return loadErrorCode(output, data, ["header", "code", "type"]);
    };
    loadJsonRpcErrorCode = (output, data, queryCompat = false) => {
      return loadErrorCode(output, data, queryCompat ? ["code", "header", "type"] : ["type", "code", "header"]);
    };
    loadSmithyRpcV2JsonErrorCode = (output, data) => {
      if (data?.__type !== void 0) {
        let cleanValue = data.__type;
        if (typeof cleanValue === "number") {
          cleanValue = cleanValue.toString();
        }
        if (cleanValue.indexOf(",") >= 0) {
          cleanValue = cleanValue.split(",")[0];
        }
        if (cleanValue.indexOf(":") >= 0) {
          cleanValue = cleanValue.split(":")[0];
        }
        return cleanValue;
      }
    };
    loadErrorCode = ({ headers }, data, order) => {
      while (order.length > 0) {
        const location = order.shift();
        switch (location) {
          case "header":
            const headerKey = findKey(headers ?? {}, "x-amzn-errortype");
            if (headerKey !== void 0) {
              return sanitizeErrorCode(headers[headerKey]);
            }
            break;
          case "code":
            const codeKey = findKey(data ?? {}, "code");
            if (codeKey && data[codeKey] !== void 0) {
              return sanitizeErrorCode(data[codeKey]);
            }
            break;
          case "type":
            if (data?.__type !== void 0) {
              return sanitizeErrorCode(data.__type);
            }
            break;
        }
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/json/codec-v2/JsonShapeDeserializer2.js
var JsonShapeDeserializer2;
var init_JsonShapeDeserializer2 = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/json/codec-v2/JsonShapeDeserializer2.js"() {
    init_determineTimestampFormat();
    init_schema();
    init_serde();
    init_ConfigurableSerdeContext();
    init_UnionSerde();
    init_detectBufferParsing();
    init_jsonReviver();
    init_needsReviver();
    init_parseJsonBody();
    init_transport();
    JsonShapeDeserializer2 = class extends SerdeContextConfig {
      settings;
      constructor(settings) {
        super();
        this.settings = settings;
      }
      async read(schema, data) {
        const reviver = needsReviver(schema) ? jsonReviver : void 0;
        let parsed;
        if (typeof data === "string") {
          if (data.length === 0) {
            return {};
          }
          parsed = JSON.parse(data, reviver);
        } else if (data instanceof Uint8Array && detectBufferParsing()) {
          if (data.byteLength === 0) {
            return {};
          }
          const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
          parsed = JSON.parse(buf, reviver);
        } else {
          parsed = await parseJsonBody(data, this.serdeContext, schema);
        }
        return this._read(schema, parsed);
      }
      readObject(schema, data) {
        return this._read(schema, data);
      }
      _read(schema, value) {
        const isObject = value !== null && typeof value === "object";
        const ns = NormalizedSchema.of(schema);
        if (isObject) {
          if (ns.isStructSchema()) {
            return this._readStruct(ns, value);
          }
          if (Array.isArray(value) && ns.isListSchema()) {
            const listMember = ns.getValueSchema();
            if (this.needsTransform(listMember)) {
              for (let i = 0; i < value.length; ++i) {
                value[i] = this._read(listMember, value[i]);
              }
            }
            return value;
          }
          if (ns.isMapSchema()) {
            const mapMember = ns.getValueSchema();
            const map2 = value;
            if (this.needsTransform(mapMember)) {
              for (const k in map2) {
                if (!hasOwn(map2, k)) {
                  continue;
                }
                if (k === "__proto__") {
                  writeKey(map2);
                }
                map2[k] = this._read(mapMember, map2[k]);
              }
            }
            return map2;
          }
        }
        if (ns.isBlobSchema() && typeof value === "string") {
          return fromBase64(value);
        }
        const mediaType = ns.getMergedTraits().mediaType;
        if (ns.isStringSchema() && typeof value === "string" && mediaType) {
          const isJson = mediaType === "application/json" || mediaType.endsWith("+json");
          if (isJson) {
            return LazyJsonString.from(value);
          }
          return value;
        }
        if (ns.isTimestampSchema() && value != null) {
          const format = determineTimestampFormat(ns, this.settings);
          switch (format) {
            case 5:
              return parseRfc3339DateTimeWithOffset(value);
            case 6:
              return parseRfc7231DateTime(value);
            case 7:
              return parseEpochTimestamp(value);
            default:
              console.warn("Missing timestamp format, parsing value with Date constructor:", value);
              return new Date(value);
          }
        }
        if (ns.isBigIntegerSchema() && (typeof value === "number" || typeof value === "string")) {
          return BigInt(value);
        }
        if (ns.isBigDecimalSchema() && value != void 0) {
          if (value instanceof NumericValue) {
            return value;
          }
          const untyped = value;
          if (untyped.type === "bigDecimal" && "string" in untyped) {
            return new NumericValue(untyped.string, untyped.type);
          }
          return new NumericValue(String(value), "bigDecimal");
        }
        if (ns.isNumericSchema() && typeof value === "string") {
          switch (value) {
            case "Infinity":
              return Infinity;
            case "-Infinity":
              return -Infinity;
            case "NaN":
              return NaN;
          }
          return value;
        }
        if (ns.isDocumentSchema()) {
          if (isObject) {
            if (Array.isArray(value)) {
              for (let i = 0; i < value.length; ++i) {
                const v = value[i];
                if (!(v instanceof NumericValue)) {
                  value[i] = this._read(ns, v);
                }
              }
            } else {
              const doc = value;
              for (const k in doc) {
                if (!hasOwn(doc, k)) {
                  continue;
                }
                if (k === "__proto__") {
                  writeKey(doc);
                }
                const v = doc[k];
                if (!(v instanceof NumericValue)) {
                  doc[k] = this._read(ns, v);
                }
              }
            }
          }
        }
        return value;
      }
      _readStruct(ns, record) {
        const union = ns.isUnionSchema();
        const out = {};
        let nameMap;
        const hasType = typeof record.__type === "string";
        const { jsonName } = this.settings;
        if (jsonName && hasType) {
          nameMap = {};
        }
        let unionSerde;
        if (union) {
          unionSerde = new UnionSerde(record, out);
        }
        for (const [memberName, memberSchema] of ns.structIterator()) {
          let fromKey = memberName;
          if (jsonName) {
            fromKey = memberSchema.getMergedTraits().jsonName ?? fromKey;
            if (hasType) {
              nameMap[fromKey] = memberName;
            }
          }
          if (union) {
            unionSerde.mark(fromKey);
          }
          if (record[fromKey] != null) {
            out[memberName] = this._read(memberSchema, record[fromKey]);
          }
        }
        if (union) {
          unionSerde.writeUnknown();
        } else if (hasType) {
          for (const k in record) {
            if (!hasOwn(record, k)) {
              continue;
            }
            const v = record[k];
            const t = jsonName ? nameMap[k] ?? k : k;
            if (!(t in out)) {
              out[t] = v;
            }
          }
        }
        return out;
      }
      needsTransform(ns) {
        if (ns.isBlobSchema() || ns.isTimestampSchema() || ns.isBigIntegerSchema() || ns.isBigDecimalSchema() || ns.isNumericSchema()) {
          return true;
        }
        if (ns.isDocumentSchema() || ns.isStructSchema() || ns.isListSchema() || ns.isMapSchema()) {
          return true;
        }
        if (ns.isStringSchema() && ns.getMergedTraits().mediaType) {
          return true;
        }
        return false;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/json/codec-v2/JsonBytesStringAdapter.js
var JsonBytesStringAdapter, warned;
var init_JsonBytesStringAdapter = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/json/codec-v2/JsonBytesStringAdapter.js"() {
    init_serde();
    JsonBytesStringAdapter = class _JsonBytesStringAdapter extends Uint8Array {
      string = null;
      static allocUnsafe(bytes) {
        if (typeof Buffer === "function") {
          const buffer = Buffer.allocUnsafe(bytes);
          return new _JsonBytesStringAdapter(buffer.buffer, buffer.byteOffset, buffer.byteLength);
        }
        return new _JsonBytesStringAdapter(bytes);
      }
      toString() {
        return this.s();
      }
      valueOf() {
        return this.s();
      }
      includes(searchString, position) {
        if (typeof searchString === "string") {
          return this.s().includes(searchString, position);
        }
        return Uint8Array.prototype.includes.call(this, searchString, position);
      }
      indexOf(searchString, position) {
        if (typeof searchString === "string") {
          return this.s().indexOf(searchString, position);
        }
        return Uint8Array.prototype.indexOf.call(this, searchString, position);
      }
      lastIndexOf(searchString, position) {
        if (typeof searchString === "string") {
          return this.s().lastIndexOf(searchString, position);
        }
        const fn = Uint8Array.prototype.lastIndexOf;
        if (position !== void 0) {
          return fn.call(this, searchString, position);
        }
        return fn.call(this, searchString);
      }
      startsWith(searchString, position) {
        return this.s().startsWith(searchString, position);
      }
      endsWith(searchString, endPosition) {
        return this.s().endsWith(searchString, endPosition);
      }
      match(regexp) {
        return this.s().match(regexp);
      }
      replace(searchValue, replaceValue) {
        return this.s().replace(searchValue, replaceValue);
      }
      search(regexp) {
        return this.s().search(regexp);
      }
      split(separator, limit) {
        return this.s().split(separator, limit);
      }
      substring(start, end) {
        return this.s().substring(start, end);
      }
      trim() {
        return this.s().trim();
      }
      trimStart() {
        return this.s().trimStart();
      }
      trimEnd() {
        return this.s().trimEnd();
      }
      charAt(pos) {
        return this.s().charAt(pos);
      }
      charCodeAt(index) {
        return this.s().charCodeAt(index);
      }
      padStart(maxLength, fillString) {
        return this.s().padStart(maxLength, fillString);
      }
      padEnd(maxLength, fillString) {
        return this.s().padEnd(maxLength, fillString);
      }
      repeat(count) {
        return this.s().repeat(count);
      }
      toUpperCase() {
        return this.s().toUpperCase();
      }
      toLowerCase() {
        return this.s().toLowerCase();
      }
      s() {
        if (this.string == null) {
          const n = Date.now();
          if (n > warned + 6e4) {
            console.warn("@aws-sdk/core/protocols - WARN - JsonCodec2: you have called a string method on a Uint8Array request body. It has been automatically converted to string. In a future version this will throw an error.");
            warned = n;
          }
          this.string = toUtf8(this);
        }
        return this.string;
      }
    };
    warned = 0;
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/json/codec-v2/JsonShapeSerializer2.js
function alloc(size) {
  return JsonBytesStringAdapter.allocUnsafe(size);
}
var encoder, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, QUOTE, COLON, COMMA, BACKSLASH, TRUE, FALSE, NULL, ESCAPE_TABLE, INITIAL_BUFFER_SIZE, JsonShapeSerializer2;
var init_JsonShapeSerializer2 = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/json/codec-v2/JsonShapeSerializer2.js"() {
    init_determineTimestampFormat();
    init_schema();
    init_serde();
    init_ConfigurableSerdeContext();
    init_transport();
    init_JsonBytesStringAdapter();
    encoder = new TextEncoder();
    OPEN_BRACE = 123;
    CLOSE_BRACE = 125;
    OPEN_BRACKET = 91;
    CLOSE_BRACKET = 93;
    QUOTE = 34;
    COLON = 58;
    COMMA = 44;
    BACKSLASH = 92;
    TRUE = new Uint8Array([116, 114, 117, 101]);
    FALSE = new Uint8Array([102, 97, 108, 115, 101]);
    NULL = new Uint8Array([110, 117, 108, 108]);
    ESCAPE_TABLE = new Array(128).fill(null);
    ESCAPE_TABLE[8] = "b";
    ESCAPE_TABLE[9] = "t";
    ESCAPE_TABLE[10] = "n";
    ESCAPE_TABLE[12] = "f";
    ESCAPE_TABLE[13] = "r";
    ESCAPE_TABLE[34] = '"';
    ESCAPE_TABLE[92] = "\\";
    for (let i = 0; i < 32; i++) {
      if (ESCAPE_TABLE[i] === null) {
        ESCAPE_TABLE[i] = "u00" + i.toString(16).padStart(2, "0");
      }
    }
    INITIAL_BUFFER_SIZE = 2048;
    JsonShapeSerializer2 = class _JsonShapeSerializer2 extends SerdeContextConfig {
      settings;
      json;
      i = 0;
      rootSchema;
      rawValue;
      passthrough = false;
      constructor(settings) {
        super();
        this.settings = settings;
        this.json = alloc(INITIAL_BUFFER_SIZE);
      }
      write(schema, value) {
        this.i = 0;
        this.rawValue = value;
        this.rootSchema = NormalizedSchema.of(schema);
        this.passthrough = this.rootSchema.isBlobSchema() || this.rootSchema.isStringSchema();
        if (!this.passthrough) {
          this.writeValue(this.rootSchema, value, void 0);
        }
      }
      writeDiscriminatedDocument(schema, value) {
        this.i = 0;
        this.rootSchema = NormalizedSchema.of(schema);
        const ns = this.rootSchema;
        if (ns.isStructSchema() && value != null && typeof value === "object") {
          this.writeValue(ns, value, void 0);
          const prefix = `"__type":"${ns.getName(true) ?? "Unknown"}",`;
          const z = prefix.length;
          this.ensure(z);
          this.json.copyWithin(1 + z, 1, this.i);
          encoder.encodeInto(prefix, this.json.subarray(1));
          this.i += z;
        } else {
          this.writeValue(ns, value, void 0);
        }
      }
      flush() {
        this.rootSchema = void 0;
        const finalPosition = this.i;
        this.i = 0;
        const raw = this.rawValue;
        this.rawValue = void 0;
        if (finalPosition === 0) {
          return raw;
        }
        const result2 = this.json.subarray(0, finalPosition);
        this.json = alloc(INITIAL_BUFFER_SIZE);
        return result2;
      }
      ensure(byteCount) {
        const { i, json } = this;
        if (i + byteCount > json.length) {
          let newSize = json.length * 2;
          while (newSize < i + byteCount) {
            newSize *= 2;
          }
          const next = alloc(newSize);
          next.set(this.json);
          this.json = next;
        }
      }
      writeAscii(s) {
        const z = s.length;
        this.ensure(z);
        let { i, json } = this;
        for (let j = 0; j < z; ++j) {
          json[i] = s.charCodeAt(j);
          i += 1;
        }
        this.i = i;
      }
      writeAsciiQuoted(s) {
        const z = s.length;
        this.ensure(z + 4);
        let { json, i } = this;
        json[i++] = QUOTE;
        for (let j = 0; j < z; ++j) {
          json[i++] = s.charCodeAt(j);
        }
        json[i++] = QUOTE;
        this.i = i;
      }
      writeJsonString(s) {
        const z = s.length;
        this.ensure(z * 3 + 2);
        this.json[this.i++] = QUOTE;
        for (let j = 0; j < z; ++j) {
          const c = s.charCodeAt(j);
          if (c > 34 && c < 92) {
            this.json[this.i++] = c;
          } else if (c < 128) {
            const esc = ESCAPE_TABLE[c];
            if (esc !== null) {
              this.ensure(esc.length + 1 + (z - j - 1) * 3 + 1);
              this.json[this.i++] = BACKSLASH;
              for (let k = 0; k < esc.length; k++) {
                this.json[this.i++] = esc.charCodeAt(k);
              }
            } else {
              this.json[this.i++] = c;
            }
          } else if (c >= 55296 && c <= 56319) {
            const next = j + 1 < z ? s.charCodeAt(j + 1) : 0;
            if (next >= 56320 && next <= 57343) {
              this.ensure(4);
              const { written } = encoder.encodeInto(s.substring(j, j + 2), this.json.subarray(this.i));
              this.i += written;
              ++j;
            } else {
              this.ensure(6 + (z - j - 1) * 3 + 1);
              this.writeUnicodeEscape(c);
            }
          } else if (c >= 56320 && c <= 57343) {
            this.ensure(6 + (z - j - 1) * 3 + 1);
            this.writeUnicodeEscape(c);
          } else {
            let { i, json } = this;
            if (c < 2048) {
              json[i++] = 192 | c >> 6;
              json[i++] = 128 | c & 63;
            } else {
              json[i++] = 224 | c >> 12;
              json[i++] = 128 | c >> 6 & 63;
              json[i++] = 128 | c & 63;
            }
            this.i = i;
          }
        }
        this.json[this.i++] = QUOTE;
      }
      writeUnicodeEscape(code) {
        let { json, i } = this;
        json[i++] = BACKSLASH;
        json[i++] = 117;
        const hex = code.toString(16).padStart(4, "0");
        for (let j = 0; j < 4; ++j) {
          json[i++] = hex.charCodeAt(j);
        }
        this.i = i;
      }
      static B64 = (() => {
        const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const table = new Uint8Array(64);
        for (let i = 0; i < 64; ++i) {
          table[i] = chars.charCodeAt(i);
        }
        return table;
      })();
      writeBase64(data) {
        const b64Len = Math.ceil(data.length / 3) * 4;
        this.ensure(b64Len + 2);
        const json = this.json;
        const B64 = _JsonShapeSerializer2.B64;
        let i = this.i;
        json[i++] = QUOTE;
        const len = data.length;
        const remainder = len % 3;
        const mainLen = len - remainder;
        for (let j = 0; j < mainLen; j += 3) {
          const a = data[j];
          const b = data[j + 1];
          const c = data[j + 2];
          json[i++] = B64[a >> 2];
          json[i++] = B64[(a & 3) << 4 | b >> 4];
          json[i++] = B64[(b & 15) << 2 | c >> 6];
          json[i++] = B64[c & 63];
        }
        if (remainder === 2) {
          const a = data[mainLen];
          const b = data[mainLen + 1];
          json[i++] = B64[a >> 2];
          json[i++] = B64[(a & 3) << 4 | b >> 4];
          json[i++] = B64[(b & 15) << 2];
          json[i++] = 61;
        } else if (remainder === 1) {
          const a = data[mainLen];
          json[i++] = B64[a >> 2];
          json[i++] = B64[(a & 3) << 4];
          json[i++] = 61;
          json[i++] = 61;
        }
        json[i++] = QUOTE;
        this.i = i;
      }
      writeValue(schema, value, container) {
        if (value == null) {
          if (container?.isStructSchema()) {
            if (value === void 0) {
              const ns2 = NormalizedSchema.of(schema);
              if (ns2.isIdempotencyToken()) {
                this.writeAsciiQuoted(generateIdempotencyToken());
                return;
              }
            }
            return;
          }
          this.ensure(4);
          this.json.set(NULL, this.i);
          this.i += 4;
          return;
        }
        const ns = NormalizedSchema.of(schema);
        const isObject = typeof value === "object";
        if (ns.isStringSchema()) {
          const mediaType = ns.getMergedTraits().mediaType;
          if (mediaType) {
            const isJson = mediaType === "application/json" || mediaType.endsWith("+json");
            if (isJson) {
              this.writeJsonString(LazyJsonString.from(value).toString());
              return;
            }
          }
        }
        if (this.settings.bigNumberAsString && value != null && (ns.isBigIntegerSchema() || ns.isBigDecimalSchema())) {
          const asString = value instanceof NumericValue ? value.string : String(value);
          this.writeAsciiQuoted(asString);
          return;
        }
        if (isObject) {
          if (ns.isStructSchema()) {
            this.writeStruct(ns, value);
            return;
          }
          if (Array.isArray(value) && (ns.isListSchema() || ns.isDocumentSchema())) {
            this.writeList(ns, value, ns.isDocumentSchema());
            return;
          }
          if (ns.isMapSchema()) {
            this.writeMap(ns, value, false);
            return;
          }
          if (value instanceof Uint8Array && (ns.isBlobSchema() || ns.isDocumentSchema())) {
            this.writeBase64(value);
            return;
          }
          if (value instanceof Date && (ns.isTimestampSchema() || ns.isDocumentSchema())) {
            this.writeTimestamp(ns, value);
            return;
          }
          if (value instanceof NumericValue) {
            this.writeAscii(value.string);
            return;
          }
          if (ns.isDocumentSchema()) {
            if (Array.isArray(value)) {
              this.writeList(ns, value, true);
            } else {
              this.writeMap(ns, value, true);
            }
            return;
          }
          const json = JSON.stringify(value);
          this.writeAscii(json);
          return;
        }
        if (typeof value === "string") {
          if (ns.isBlobSchema()) {
            const b64 = (this.serdeContext?.base64Encoder ?? toBase64)(value);
            this.writeAsciiQuoted(b64);
            return;
          }
          this.writeJsonString(value);
          return;
        }
        if (typeof value === "number") {
          if (Math.abs(value) === Infinity || Number.isNaN(value)) {
            this.writeAsciiQuoted(String(value));
            return;
          }
          const numStr = String(value);
          this.writeAscii(numStr);
          return;
        }
        if (typeof value === "boolean") {
          this.ensure(5);
          let { i, json } = this;
          if (value) {
            json.set(TRUE, i);
            i += 4;
          } else {
            json.set(FALSE, i);
            i += 5;
          }
          this.i = i;
          return;
        }
        if (typeof value === "bigint") {
          this.writeAscii(value.toString());
          return;
        }
        this.writeAscii(String(value));
      }
      writeStruct(ns, value) {
        this.ensure(2);
        this.json[this.i++] = OPEN_BRACE;
        let wroteAny = false;
        const hasType = typeof value.__type === "string";
        let writtenKeys;
        if (hasType) {
          writtenKeys = /* @__PURE__ */ new Set();
        }
        for (const [memberName, memberSchema] of ns.structIterator()) {
          const item = value[memberName];
          if (item == null && !memberSchema.isIdempotencyToken()) {
            continue;
          }
          if (wroteAny) {
            this.ensure(1);
            this.json[this.i++] = COMMA;
          }
          wroteAny = true;
          const targetKey = this.settings.jsonName ? memberSchema.getMergedTraits().jsonName ?? memberName : memberName;
          if (writtenKeys) {
            writtenKeys.add(memberName);
            writtenKeys.add(targetKey);
          }
          this.writeAsciiQuoted(targetKey);
          this.json[this.i++] = COLON;
          this.writeValue(memberSchema, item, ns);
        }
        if (!wroteAny && ns.isUnionSchema()) {
          const { $unknown } = value;
          if (Array.isArray($unknown)) {
            const [k, v] = $unknown;
            this.writeAsciiQuoted(k);
            this.ensure(1);
            this.json[this.i++] = COLON;
            this.writeValue(15, v, ns);
          }
        } else if (hasType) {
          for (const k in value) {
            if (writtenKeys.has(k)) {
              continue;
            }
            writtenKeys.add(k);
            const v = value[k];
            if (wroteAny) {
              this.ensure(1);
              this.json[this.i++] = COMMA;
            }
            wroteAny = true;
            this.writeAsciiQuoted(k);
            this.ensure(1);
            this.json[this.i++] = COLON;
            this.writeValue(15, v, void 0);
          }
        }
        this.ensure(1);
        this.json[this.i++] = CLOSE_BRACE;
      }
      writeList(ns, value, isDocument) {
        const sparse = !!ns.getMergedTraits().sparse;
        const valueSchema = ns.getValueSchema();
        if (!isDocument) {
          if (valueSchema.isStringSchema() || valueSchema.isNumericSchema() || valueSchema.isBooleanSchema()) {
            let hasSpecials = false;
            for (let i = 0; i < value.length; ++i) {
              const v = value[i];
              if (Number.isNaN(v) || v === Infinity || v === -Infinity || v == null && !sparse) {
                hasSpecials = true;
                break;
              }
            }
            let json;
            if (!hasSpecials) {
              json = JSON.stringify(value);
            } else {
              const out = [];
              for (let i = 0; i < value.length; ++i) {
                const v = value[i];
                if (v == null && !sparse) {
                  continue;
                }
                if (Number.isNaN(v) || v === Infinity || v === -Infinity) {
                  out.push(String(v));
                } else {
                  out.push(v);
                }
              }
              json = JSON.stringify(out);
            }
            this.ensure(json.length * 3);
            this.i += encoder.encodeInto(json, this.json.subarray(this.i)).written;
            return;
          }
        }
        this.ensure(2);
        this.json[this.i++] = OPEN_BRACKET;
        let wroteFirstItem = false;
        for (let i = 0; i < value.length; ++i) {
          const item = value[i];
          if (isDocument ? item === void 0 : item == null && !sparse) {
            continue;
          }
          if (wroteFirstItem) {
            this.ensure(1);
            this.json[this.i++] = COMMA;
          }
          this.writeValue(valueSchema, item, void 0);
          wroteFirstItem = true;
        }
        this.ensure(1);
        this.json[this.i++] = CLOSE_BRACKET;
      }
      writeMap(ns, value, isDocument) {
        const sparse = !!ns.getMergedTraits().sparse;
        const valueSchema = ns.getValueSchema();
        if (!isDocument) {
          if (valueSchema.isStringSchema() || valueSchema.isNumericSchema() || valueSchema.isBooleanSchema()) {
            let modifications;
            for (const k in value) {
              if (!hasOwn(value, k)) {
                continue;
              }
              const v = value[k];
              if (Number.isNaN(v) || v === Infinity || v === -Infinity) {
                (modifications ??= {})[k] = v;
                value[k] = String(v);
              } else if (v === null && !sparse) {
                (modifications ??= {})[k] = null;
                value[k] = void 0;
              }
            }
            const json = JSON.stringify(value);
            if (modifications) {
              Object.assign(value, modifications);
            }
            this.ensure(json.length * 3);
            this.i += encoder.encodeInto(json, this.json.subarray(this.i)).written;
            return;
          }
        }
        this.ensure(2);
        this.json[this.i++] = OPEN_BRACE;
        let first = true;
        for (const k in value) {
          if (!hasOwn(value, k)) {
            continue;
          }
          const v = value[k];
          if (isDocument ? v === void 0 : v == null && !sparse) {
            continue;
          }
          if (!first) {
            this.ensure(1);
            this.json[this.i++] = COMMA;
          }
          first = false;
          this.writeJsonString(k);
          this.ensure(1);
          this.json[this.i++] = COLON;
          this.writeValue(valueSchema, v, void 0);
        }
        this.ensure(1);
        this.json[this.i++] = CLOSE_BRACE;
      }
      writeTimestamp(ns, value) {
        const format = determineTimestampFormat(ns, this.settings);
        switch (format) {
          case 5: {
            const iso = value.toISOString().replace(".000Z", "Z");
            this.writeAsciiQuoted(iso);
            return;
          }
          case 6: {
            this.writeAsciiQuoted(dateToUtcString(value));
            return;
          }
          case 7: {
            const epochSecs = String(value.getTime() / 1e3);
            this.writeAscii(epochSecs);
            return;
          }
          default: {
            const epochSecs = String(value.getTime() / 1e3);
            this.writeAscii(epochSecs);
            return;
          }
        }
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/json/codec-v2/JsonCodec2.js
var JsonCodec2;
var init_JsonCodec2 = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/json/codec-v2/JsonCodec2.js"() {
    init_ConfigurableSerdeContext();
    init_JsonShapeDeserializer2();
    init_JsonShapeSerializer2();
    JsonCodec2 = class extends SerdeContextConfig {
      settings;
      constructor(settings) {
        super();
        this.settings = settings;
      }
      createSerializer() {
        const serializer = new JsonShapeSerializer2(this.settings);
        serializer.setSerdeContext(this.serdeContext);
        return serializer;
      }
      createDeserializer() {
        const deserializer = new JsonShapeDeserializer2(this.settings);
        deserializer.setSerdeContext(this.serdeContext);
        return deserializer;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/json/SmithyRpcV2JsonProtocol.js
var SmithyRpcV2JsonProtocol;
var init_SmithyRpcV2JsonProtocol = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/json/SmithyRpcV2JsonProtocol.js"() {
    init_AbstractRpcV2Protocol();
    init_schema();
    init_JsonCodec2();
    init_parseJsonBody();
    SmithyRpcV2JsonProtocol = class extends AbstractRpcV2Protocol {
      codec = new JsonCodec2({
        timestampFormat: {
          useTrait: false,
          default: 7
        },
        jsonName: false,
        bigNumberAsString: true
      });
      serializer = this.codec.createSerializer();
      deserializer = this.codec.createDeserializer();
      getShapeId() {
        return "smithy.protocols#rpcv2Json";
      }
      getPayloadCodec() {
        return this.codec;
      }
      getSmithyProtocolHeaderValue() {
        return "rpc-v2-json";
      }
      applyEmptyBody(request) {
        if (!request.body) {
          request.body = "{}";
        }
      }
      async handleError(operationSchema, context, response, dataObject, metadata) {
        const errorName = loadSmithyRpcV2JsonErrorCode(response, dataObject) ?? "Unknown";
        const errorMetadata = {
          $metadata: metadata,
          $fault: response.statusCode <= 500 ? "client" : "server"
        };
        let namespace = this.options.defaultNamespace;
        if (errorName.includes("#")) {
          [namespace] = errorName.split("#");
        }
        const registry = this.compositeErrorRegistry;
        const nsRegistry = TypeRegistry.for(namespace);
        registry.copyFrom(nsRegistry);
        let errorSchema;
        try {
          errorSchema = registry.getSchema(errorName);
        } catch (ignored) {
          if (dataObject.Message) {
            dataObject.message = dataObject.Message;
          }
          const syntheticRegistry = TypeRegistry.for("smithy.ts.sdk.synthetic." + namespace);
          registry.copyFrom(syntheticRegistry);
          const baseExceptionSchema = registry.getBaseException();
          if (baseExceptionSchema) {
            const ErrorCtor2 = registry.getErrorCtor(baseExceptionSchema);
            throw Object.assign(new ErrorCtor2({ name: errorName }), errorMetadata, dataObject);
          }
          throw Object.assign(new Error(errorName), errorMetadata, dataObject);
        }
        const ns = NormalizedSchema.of(errorSchema);
        const ErrorCtor = registry.getErrorCtor(errorSchema);
        const message = dataObject.message ?? dataObject.Message ?? "Unknown";
        const exception = new ErrorCtor({});
        const output = {};
        const errorDeserializer = this.codec.createDeserializer();
        for (const [name, member] of ns.structIterator()) {
          if (dataObject[name] != null) {
            output[name] = errorDeserializer.readObject(member, dataObject[name]);
          }
        }
        throw Object.assign(exception, errorMetadata, {
          $fault: ns.getMergedTraits().error,
          message
        }, output);
      }
      getDefaultContentType() {
        return "application/json";
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/json/codec-v1/JsonShapeDeserializer.js
var JsonShapeDeserializer;
var init_JsonShapeDeserializer = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/json/codec-v1/JsonShapeDeserializer.js"() {
    init_determineTimestampFormat();
    init_schema();
    init_serde();
    init_serde();
    init_transport();
    init_ConfigurableSerdeContext();
    init_UnionSerde();
    init_jsonReviver();
    init_needsReviver();
    init_parseJsonBody();
    JsonShapeDeserializer = class extends SerdeContextConfig {
      settings;
      constructor(settings) {
        super();
        this.settings = settings;
      }
      async read(schema, data) {
        const reviver = needsReviver(schema) ? jsonReviver : void 0;
        return this._read(schema, typeof data === "string" ? JSON.parse(data, reviver) : await parseJsonBody(data, this.serdeContext, schema));
      }
      readObject(schema, data) {
        return this._read(schema, data);
      }
      _read(schema, value) {
        const isObject = value !== null && typeof value === "object";
        const ns = NormalizedSchema.of(schema);
        if (isObject) {
          if (ns.isStructSchema()) {
            const record = value;
            const union = ns.isUnionSchema();
            const out = {};
            let nameMap = void 0;
            const { jsonName } = this.settings;
            if (jsonName) {
              nameMap = {};
            }
            let unionSerde;
            if (union) {
              unionSerde = new UnionSerde(record, out);
            }
            for (const [memberName, memberSchema] of ns.structIterator()) {
              let fromKey = memberName;
              if (jsonName) {
                fromKey = memberSchema.getMergedTraits().jsonName ?? fromKey;
                nameMap[fromKey] = memberName;
              }
              if (union) {
                unionSerde.mark(fromKey);
              }
              if (record[fromKey] != null) {
                out[memberName] = this._read(memberSchema, record[fromKey]);
              }
            }
            if (union) {
              unionSerde.writeUnknown();
            } else if (typeof record.__type === "string") {
              for (const k in record) {
                if (!hasOwn(record, k)) {
                  continue;
                }
                const v = record[k];
                const t = jsonName ? nameMap[k] ?? k : k;
                if (!(t in out)) {
                  out[t] = v;
                }
              }
            }
            return out;
          }
          if (Array.isArray(value) && ns.isListSchema()) {
            const listMember = ns.getValueSchema();
            const out = [];
            for (const item of value) {
              out.push(this._read(listMember, item));
            }
            return out;
          }
          if (ns.isMapSchema()) {
            const mapMember = ns.getValueSchema();
            const out = {};
            for (const _k in value) {
              if (!hasOwn(value, _k)) {
                continue;
              }
              if (_k === "__proto__") {
                writeKey(out);
              }
              out[_k] = this._read(mapMember, value[_k]);
            }
            return out;
          }
        }
        if (ns.isBlobSchema() && typeof value === "string") {
          return fromBase64(value);
        }
        const mediaType = ns.getMergedTraits().mediaType;
        if (ns.isStringSchema() && typeof value === "string" && mediaType) {
          const isJson = mediaType === "application/json" || mediaType.endsWith("+json");
          if (isJson) {
            return LazyJsonString.from(value);
          }
          return value;
        }
        if (ns.isTimestampSchema() && value != null) {
          const format = determineTimestampFormat(ns, this.settings);
          switch (format) {
            case 5:
              return parseRfc3339DateTimeWithOffset(value);
            case 6:
              return parseRfc7231DateTime(value);
            case 7:
              return parseEpochTimestamp(value);
            default:
              console.warn("Missing timestamp format, parsing value with Date constructor:", value);
              return new Date(value);
          }
        }
        if (ns.isBigIntegerSchema() && (typeof value === "number" || typeof value === "string")) {
          return BigInt(value);
        }
        if (ns.isBigDecimalSchema() && value != void 0) {
          if (value instanceof NumericValue) {
            return value;
          }
          const untyped = value;
          if (untyped.type === "bigDecimal" && "string" in untyped) {
            return new NumericValue(untyped.string, untyped.type);
          }
          return new NumericValue(String(value), "bigDecimal");
        }
        if (ns.isNumericSchema() && typeof value === "string") {
          switch (value) {
            case "Infinity":
              return Infinity;
            case "-Infinity":
              return -Infinity;
            case "NaN":
              return NaN;
          }
          return value;
        }
        if (ns.isDocumentSchema()) {
          if (isObject) {
            const out = Array.isArray(value) ? [] : {};
            for (const k in value) {
              if (!hasOwn(value, k)) {
                continue;
              }
              if (k === "__proto__") {
                writeKey(out);
              }
              const v = value[k];
              if (v instanceof NumericValue) {
                out[k] = v;
              } else {
                out[k] = this._read(ns, v);
              }
            }
            return out;
          } else {
            return structuredClone(value);
          }
        }
        return value;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/json/jsonReplacer.js
var NUMERIC_CONTROL_CHAR, JsonReplacer;
var init_jsonReplacer = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/json/jsonReplacer.js"() {
    init_serde();
    NUMERIC_CONTROL_CHAR = String.fromCharCode(925);
    JsonReplacer = class {
      values = /* @__PURE__ */ new Map();
      counter = 0;
      stage = 0;
      createReplacer() {
        if (this.stage === 1) {
          throw new Error("@aws-sdk/core/protocols - JsonReplacer already created.");
        }
        if (this.stage === 2) {
          throw new Error("@aws-sdk/core/protocols - JsonReplacer exhausted.");
        }
        this.stage = 1;
        return (key, value) => {
          if (value instanceof NumericValue) {
            const v = `${NUMERIC_CONTROL_CHAR + "nv" + this.counter++}_` + value.string;
            this.values.set(`"${v}"`, value.string);
            return v;
          }
          if (typeof value === "bigint") {
            const s = value.toString();
            const v = `${NUMERIC_CONTROL_CHAR + "b" + this.counter++}_` + s;
            this.values.set(`"${v}"`, s);
            return v;
          }
          return value;
        };
      }
      replaceInJson(json) {
        if (this.stage === 0) {
          throw new Error("@aws-sdk/core/protocols - JsonReplacer not created yet.");
        }
        if (this.stage === 2) {
          throw new Error("@aws-sdk/core/protocols - JsonReplacer exhausted.");
        }
        this.stage = 2;
        if (this.counter === 0) {
          return json;
        }
        for (const [key, value] of this.values) {
          json = json.replace(key, value);
        }
        return json;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/json/codec-v1/JsonShapeSerializer.js
var JsonShapeSerializer;
var init_JsonShapeSerializer = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/json/codec-v1/JsonShapeSerializer.js"() {
    init_determineTimestampFormat();
    init_schema();
    init_serde();
    init_ConfigurableSerdeContext();
    init_jsonReplacer();
    init_transport();
    JsonShapeSerializer = class extends SerdeContextConfig {
      settings;
      buffer;
      useReplacer = false;
      rootSchema;
      constructor(settings) {
        super();
        this.settings = settings;
      }
      write(schema, value) {
        this.rootSchema = NormalizedSchema.of(schema);
        this.buffer = this._write(this.rootSchema, value);
      }
      flush() {
        const { rootSchema, useReplacer } = this;
        this.rootSchema = void 0;
        this.useReplacer = false;
        if (rootSchema?.isStructSchema() || rootSchema?.isDocumentSchema()) {
          if (!useReplacer) {
            return JSON.stringify(this.buffer);
          }
          const replacer = new JsonReplacer();
          return replacer.replaceInJson(JSON.stringify(this.buffer, replacer.createReplacer(), 0));
        }
        return this.buffer;
      }
      writeDiscriminatedDocument(schema, value) {
        this.write(schema, value);
        if (typeof this.buffer === "object") {
          this.buffer.__type = NormalizedSchema.of(schema).getName(true);
        }
      }
      _write(schema, value, container) {
        const isObject = value !== null && typeof value === "object";
        const ns = NormalizedSchema.of(schema);
        if (isObject) {
          if (ns.isStructSchema()) {
            const record = value;
            const out = {};
            const { jsonName } = this.settings;
            let nameMap = void 0;
            if (jsonName) {
              nameMap = {};
            }
            let outCount = 0;
            for (const [memberName, memberSchema] of ns.structIterator()) {
              const serializableValue = this._write(memberSchema, record[memberName], ns);
              if (serializableValue !== void 0) {
                let targetKey = memberName;
                if (jsonName) {
                  targetKey = memberSchema.getMergedTraits().jsonName ?? memberName;
                  nameMap[memberName] = targetKey;
                }
                out[targetKey] = serializableValue;
                outCount++;
              }
            }
            if (ns.isUnionSchema() && outCount === 0) {
              const { $unknown } = record;
              if (Array.isArray($unknown)) {
                const [k, v] = $unknown;
                if (k === "__proto__") {
                  writeKey(out);
                }
                out[k] = this._write(15, v);
              }
            } else if (typeof record.__type === "string") {
              for (const k in record) {
                if (!hasOwn(record, k)) {
                  continue;
                }
                const v = record[k];
                const targetKey = jsonName ? nameMap[k] ?? k : k;
                if (!(targetKey in out)) {
                  out[targetKey] = this._write(15, v);
                }
              }
            }
            return out;
          }
          if (Array.isArray(value) && ns.isListSchema()) {
            const listMember = ns.getValueSchema();
            const out = [];
            const sparse = !!ns.getMergedTraits().sparse;
            for (const item of value) {
              if (sparse || item != null) {
                out.push(this._write(listMember, item));
              }
            }
            return out;
          }
          if (ns.isMapSchema()) {
            const mapMember = ns.getValueSchema();
            const out = {};
            const sparse = !!ns.getMergedTraits().sparse;
            for (const _k in value) {
              if (!hasOwn(value, _k)) {
                continue;
              }
              const _v = value[_k];
              if (sparse || _v != null) {
                if (_k === "__proto__") {
                  writeKey(out);
                }
                out[_k] = this._write(mapMember, _v);
              }
            }
            return out;
          }
          if (value instanceof Uint8Array && ns.isBlobSchema()) {
            if (ns === this.rootSchema) {
              return value;
            }
            return (this.serdeContext?.base64Encoder ?? toBase64)(value);
          }
          if (value instanceof Date && (ns.isTimestampSchema() || ns.isDocumentSchema())) {
            const format = determineTimestampFormat(ns, this.settings);
            switch (format) {
              case 5:
                return value.toISOString().replace(".000Z", "Z");
              case 6:
                return dateToUtcString(value);
              case 7:
                return value.getTime() / 1e3;
              default:
                console.warn("Missing timestamp format, using epoch seconds", value);
                return value.getTime() / 1e3;
            }
          }
          if (value instanceof NumericValue) {
            this.useReplacer = true;
          }
        }
        if (value === null && container?.isStructSchema()) {
          return void 0;
        }
        if (ns.isStringSchema()) {
          if (typeof value === "undefined" && ns.isIdempotencyToken()) {
            return generateIdempotencyToken();
          }
          const mediaType = ns.getMergedTraits().mediaType;
          if (value != null && mediaType) {
            const isJson = mediaType === "application/json" || mediaType.endsWith("+json");
            if (isJson) {
              return LazyJsonString.from(value);
            }
          }
          return value;
        }
        if (typeof value === "number") {
          if (Math.abs(value) === Infinity || isNaN(value)) {
            return String(value);
          }
          return value;
        }
        if (typeof value === "string" && ns.isBlobSchema()) {
          if (ns === this.rootSchema) {
            return value;
          }
          return (this.serdeContext?.base64Encoder ?? toBase64)(value);
        }
        if (typeof value === "bigint") {
          this.useReplacer = true;
        }
        if (ns.isDocumentSchema()) {
          if (isObject) {
            if (value instanceof Uint8Array) {
              return (this.serdeContext?.base64Encoder ?? toBase64)(value);
            }
            const out = Array.isArray(value) ? [] : {};
            for (const k in value) {
              if (!hasOwn(value, k)) {
                continue;
              }
              const v = value[k];
              if (k === "__proto__") {
                writeKey(out);
              }
              if (v instanceof NumericValue) {
                this.useReplacer = true;
                out[k] = v;
              } else {
                out[k] = this._write(ns, v);
              }
            }
            return out;
          } else {
            return structuredClone(value);
          }
        }
        return value;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/json/codec-v1/JsonCodec.js
var JsonCodec;
var init_JsonCodec = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/json/codec-v1/JsonCodec.js"() {
    init_ConfigurableSerdeContext();
    init_JsonShapeDeserializer();
    init_JsonShapeSerializer();
    JsonCodec = class extends SerdeContextConfig {
      settings;
      constructor(settings) {
        super();
        this.settings = settings;
      }
      createSerializer() {
        const serializer = new JsonShapeSerializer(this.settings);
        serializer.setSerdeContext(this.serdeContext);
        return serializer;
      }
      createDeserializer() {
        const deserializer = new JsonShapeDeserializer(this.settings);
        deserializer.setSerdeContext(this.serdeContext);
        return deserializer;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/protocols/index.js
var protocols_exports = {};
__export(protocols_exports, {
  AbstractRpcV2Protocol: () => AbstractRpcV2Protocol,
  Field: () => Field,
  Fields: () => Fields,
  FromStringShapeDeserializer: () => FromStringShapeDeserializer,
  HttpBindingProtocol: () => HttpBindingProtocol,
  HttpInterceptingShapeDeserializer: () => HttpInterceptingShapeDeserializer,
  HttpInterceptingShapeSerializer: () => HttpInterceptingShapeSerializer,
  HttpProtocol: () => HttpProtocol,
  HttpRequest: () => HttpRequest,
  HttpResponse: () => HttpResponse,
  JsonCodec: () => JsonCodec,
  JsonCodec2: () => JsonCodec2,
  JsonShapeDeserializer: () => JsonShapeDeserializer,
  JsonShapeDeserializer2: () => JsonShapeDeserializer2,
  JsonShapeSerializer: () => JsonShapeSerializer,
  JsonShapeSerializer2: () => JsonShapeSerializer2,
  RequestBuilder: () => RequestBuilder,
  RpcProtocol: () => RpcProtocol,
  SerdeContext: () => SerdeContext,
  SmithyRpcV2JsonProtocol: () => SmithyRpcV2JsonProtocol,
  ToStringShapeSerializer: () => ToStringShapeSerializer,
  buildQueryString: () => buildQueryString,
  collectBody: () => collectBody,
  contentLengthMiddleware: () => contentLengthMiddleware,
  contentLengthMiddlewareOptions: () => contentLengthMiddlewareOptions,
  determineTimestampFormat: () => determineTimestampFormat,
  escapeUri: () => escapeUri,
  escapeUriPath: () => escapeUriPath,
  extendedEncodeURIComponent: () => extendedEncodeURIComponent,
  getContentLengthPlugin: () => getContentLengthPlugin,
  getHttpHandlerExtensionConfiguration: () => getHttpHandlerExtensionConfiguration,
  isValidHostname: () => isValidHostname,
  loadJsonRpcErrorCode: () => loadJsonRpcErrorCode,
  loadRestJsonErrorCode: () => loadRestJsonErrorCode,
  loadSmithyRpcV2JsonErrorCode: () => loadSmithyRpcV2JsonErrorCode,
  parseJsonBody: () => parseJsonBody,
  parseJsonErrorBody: () => parseJsonErrorBody,
  parseQueryString: () => parseQueryString,
  parseUrl: () => parseUrl,
  requestBuilder: () => requestBuilder,
  resolveHttpHandlerRuntimeConfig: () => resolveHttpHandlerRuntimeConfig,
  resolvedPath: () => resolvedPath
});
var init_protocols = __esm({
  "node_modules/@smithy/core/dist-es/submodules/protocols/index.js"() {
    init_collect_stream_body();
    init_extended_encode_uri_component();
    init_HttpBindingProtocol();
    init_HttpProtocol();
    init_RpcProtocol();
    init_AbstractRpcV2Protocol();
    init_requestBuilder();
    init_resolve_path();
    init_FromStringShapeDeserializer();
    init_HttpInterceptingShapeDeserializer();
    init_HttpInterceptingShapeSerializer();
    init_ToStringShapeSerializer();
    init_determineTimestampFormat();
    init_SerdeContext();
    init_Field();
    init_Fields();
    init_transport();
    init_transport();
    init_transport();
    init_httpExtensionConfiguration();
    init_contentLengthMiddleware();
    init_escape_uri();
    init_escape_uri_path();
    init_buildQueryString();
    init_transport();
    init_transport();
    init_SmithyRpcV2JsonProtocol();
    init_parseJsonBody();
    init_JsonCodec();
    init_JsonShapeSerializer();
    init_JsonShapeDeserializer();
    init_JsonCodec2();
    init_JsonShapeSerializer2();
    init_JsonShapeDeserializer2();
  }
});

// node_modules/@smithy/signature-v4/dist-cjs/index.js
var require_dist_cjs3 = __commonJS({
  "node_modules/@smithy/signature-v4/dist-cjs/index.js"(exports) {
    var { hasOwn: hasOwn2, fromUtf8: fromUtf82, fromHex, toHex, toUint8Array, writeKey: writeKey2, isArrayBuffer } = (init_serde(), __toCommonJS(serde_exports));
    var { normalizeProvider: normalizeProvider2 } = (init_client2(), __toCommonJS(client_exports));
    var { escapeUri: escapeUri2, HttpRequest: HttpRequest2 } = (init_protocols(), __toCommonJS(protocols_exports));
    var HeaderFormatter = class {
      format(headers) {
        const chunks = [];
        for (const headerName in headers) {
          if (!hasOwn2(headers, headerName)) {
            continue;
          }
          const bytes = fromUtf82(headerName);
          chunks.push(Uint8Array.from([bytes.byteLength]), bytes, this.formatHeaderValue(headers[headerName]));
        }
        const out = new Uint8Array(chunks.reduce((carry, bytes) => carry + bytes.byteLength, 0));
        let position = 0;
        for (const chunk of chunks) {
          out.set(chunk, position);
          position += chunk.byteLength;
        }
        return out;
      }
      formatHeaderValue(header) {
        switch (header.type) {
          case "boolean":
            return Uint8Array.from([header.value ? 0 : 1]);
          case "byte":
            return Uint8Array.from([2, header.value]);
          case "short":
            const shortView = new DataView(new ArrayBuffer(3));
            shortView.setUint8(0, 3);
            shortView.setInt16(1, header.value, false);
            return new Uint8Array(shortView.buffer);
          case "integer":
            const intView = new DataView(new ArrayBuffer(5));
            intView.setUint8(0, 4);
            intView.setInt32(1, header.value, false);
            return new Uint8Array(intView.buffer);
          case "long":
            const longBytes = new Uint8Array(9);
            longBytes[0] = 5;
            longBytes.set(header.value.bytes, 1);
            return longBytes;
          case "binary":
            const binView = new DataView(new ArrayBuffer(3 + header.value.byteLength));
            binView.setUint8(0, 6);
            binView.setUint16(1, header.value.byteLength, false);
            const binBytes = new Uint8Array(binView.buffer);
            binBytes.set(header.value, 3);
            return binBytes;
          case "string":
            const utf8Bytes = fromUtf82(header.value);
            const strView = new DataView(new ArrayBuffer(3 + utf8Bytes.byteLength));
            strView.setUint8(0, 7);
            strView.setUint16(1, utf8Bytes.byteLength, false);
            const strBytes = new Uint8Array(strView.buffer);
            strBytes.set(utf8Bytes, 3);
            return strBytes;
          case "timestamp":
            const tsBytes = new Uint8Array(9);
            tsBytes[0] = 8;
            tsBytes.set(Int64.fromNumber(header.value.valueOf()).bytes, 1);
            return tsBytes;
          case "uuid":
            if (!UUID_PATTERN.test(header.value)) {
              throw new Error(`Invalid UUID received: ${header.value}`);
            }
            const uuidBytes = new Uint8Array(17);
            uuidBytes[0] = 9;
            uuidBytes.set(fromHex(header.value.replace(/-/g, "")), 1);
            return uuidBytes;
        }
      }
    };
    var HEADER_VALUE_TYPE;
    (function(HEADER_VALUE_TYPE2) {
      HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["boolTrue"] = 0] = "boolTrue";
      HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["boolFalse"] = 1] = "boolFalse";
      HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["byte"] = 2] = "byte";
      HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["short"] = 3] = "short";
      HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["integer"] = 4] = "integer";
      HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["long"] = 5] = "long";
      HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["byteArray"] = 6] = "byteArray";
      HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["string"] = 7] = "string";
      HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["timestamp"] = 8] = "timestamp";
      HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["uuid"] = 9] = "uuid";
    })(HEADER_VALUE_TYPE || (HEADER_VALUE_TYPE = {}));
    var UUID_PATTERN = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;
    var Int64 = class _Int64 {
      bytes;
      constructor(bytes) {
        this.bytes = bytes;
        if (bytes.byteLength !== 8) {
          throw new Error("Int64 buffers must be exactly 8 bytes");
        }
      }
      static fromNumber(number) {
        if (number > 9223372036854776e3 || number < -9223372036854776e3) {
          throw new Error(`${number} is too large (or, if negative, too small) to represent as an Int64`);
        }
        const bytes = new Uint8Array(8);
        for (let i = 7, remaining = Math.abs(Math.round(number)); i > -1 && remaining > 0; i--, remaining /= 256) {
          bytes[i] = remaining;
        }
        if (number < 0) {
          negate(bytes);
        }
        return new _Int64(bytes);
      }
      valueOf() {
        const bytes = this.bytes.slice(0);
        const negative = bytes[0] & 128;
        if (negative) {
          negate(bytes);
        }
        return parseInt(toHex(bytes), 16) * (negative ? -1 : 1);
      }
      toString() {
        return String(this.valueOf());
      }
    };
    function negate(bytes) {
      for (let i = 0; i < 8; i++) {
        bytes[i] ^= 255;
      }
      for (let i = 7; i > -1; i--) {
        bytes[i]++;
        if (bytes[i] !== 0) {
          break;
        }
      }
    }
    var ALGORITHM_QUERY_PARAM = "X-Amz-Algorithm";
    var CREDENTIAL_QUERY_PARAM = "X-Amz-Credential";
    var AMZ_DATE_QUERY_PARAM = "X-Amz-Date";
    var SIGNED_HEADERS_QUERY_PARAM = "X-Amz-SignedHeaders";
    var EXPIRES_QUERY_PARAM = "X-Amz-Expires";
    var SIGNATURE_QUERY_PARAM = "X-Amz-Signature";
    var TOKEN_QUERY_PARAM = "X-Amz-Security-Token";
    var REGION_SET_PARAM = "X-Amz-Region-Set";
    var AUTH_HEADER = "authorization";
    var AMZ_DATE_HEADER = AMZ_DATE_QUERY_PARAM.toLowerCase();
    var DATE_HEADER = "date";
    var GENERATED_HEADERS = [AUTH_HEADER, AMZ_DATE_HEADER, DATE_HEADER];
    var SIGNATURE_HEADER = SIGNATURE_QUERY_PARAM.toLowerCase();
    var SHA256_HEADER = "x-amz-content-sha256";
    var TOKEN_HEADER = TOKEN_QUERY_PARAM.toLowerCase();
    var HOST_HEADER = "host";
    var ALWAYS_UNSIGNABLE_HEADERS = {
      authorization: true,
      "cache-control": true,
      connection: true,
      expect: true,
      from: true,
      "keep-alive": true,
      "max-forwards": true,
      pragma: true,
      referer: true,
      te: true,
      trailer: true,
      "transfer-encoding": true,
      upgrade: true,
      "user-agent": true,
      "x-amzn-trace-id": true
    };
    var PROXY_HEADER_PATTERN = /^proxy-/;
    var SEC_HEADER_PATTERN = /^sec-/;
    var UNSIGNABLE_PATTERNS = [/^proxy-/i, /^sec-/i];
    var ALGORITHM_IDENTIFIER = "AWS4-HMAC-SHA256";
    var ALGORITHM_IDENTIFIER_V4A = "AWS4-ECDSA-P256-SHA256";
    var EVENT_ALGORITHM_IDENTIFIER = "AWS4-HMAC-SHA256-PAYLOAD";
    var UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    var MAX_CACHE_SIZE = 50;
    var KEY_TYPE_IDENTIFIER = "aws4_request";
    var MAX_PRESIGNED_TTL = 60 * 60 * 24 * 7;
    var getCanonicalQuery = ({ query = {} }) => {
      const keys = [];
      const serialized = {};
      for (const key in query) {
        if (!hasOwn2(query, key)) {
          continue;
        }
        if (key.toLowerCase() === SIGNATURE_HEADER) {
          continue;
        }
        const encodedKey = escapeUri2(key);
        keys.push(encodedKey);
        const value = query[key];
        if (typeof value === "string") {
          serialized[encodedKey] = `${encodedKey}=${escapeUri2(value)}`;
        } else if (Array.isArray(value)) {
          serialized[encodedKey] = value.slice(0).reduce((encoded, value2) => encoded.concat([`${encodedKey}=${escapeUri2(value2)}`]), []).sort().join("&");
        }
      }
      return keys.sort().map((key) => serialized[key]).filter((serialized2) => serialized2).join("&");
    };
    var iso8601 = (time) => toDate(time).toISOString().replace(/\.\d{3}Z$/, "Z");
    var toDate = (time) => {
      if (typeof time === "number") {
        return new Date(time * 1e3);
      }
      if (typeof time === "string") {
        if (Number(time)) {
          return new Date(Number(time) * 1e3);
        }
        return new Date(time);
      }
      return time;
    };
    var SignatureV4Base = class {
      service;
      regionProvider;
      credentialProvider;
      sha256;
      uriEscapePath;
      applyChecksum;
      constructor({ applyChecksum, credentials, region, service, sha256, uriEscapePath = true }) {
        this.service = service;
        this.sha256 = sha256;
        this.uriEscapePath = uriEscapePath;
        this.applyChecksum = typeof applyChecksum === "boolean" ? applyChecksum : true;
        this.regionProvider = normalizeProvider2(region);
        this.credentialProvider = normalizeProvider2(credentials);
      }
      createCanonicalRequest(request, canonicalHeaders, payloadHash) {
        const sortedHeaders = Object.keys(canonicalHeaders).sort();
        return `${request.method}
${this.getCanonicalPath(request)}
${getCanonicalQuery(request)}
${sortedHeaders.map((name) => `${name}:${canonicalHeaders[name]}`).join("\n")}

${sortedHeaders.join(";")}
${payloadHash}`;
      }
      async createStringToSign(longDate, credentialScope, canonicalRequest, algorithmIdentifier) {
        const hash = new this.sha256();
        hash.update(toUint8Array(canonicalRequest));
        const hashedRequest = await hash.digest();
        return `${algorithmIdentifier}
${longDate}
${credentialScope}
${toHex(hashedRequest)}`;
      }
      getCanonicalPath({ path }) {
        if (this.uriEscapePath) {
          const normalizedPathSegments = [];
          for (const pathSegment of path.split("/")) {
            if (pathSegment?.length === 0) {
              continue;
            }
            if (pathSegment === ".") {
              continue;
            }
            if (pathSegment === "..") {
              normalizedPathSegments.pop();
            } else {
              normalizedPathSegments.push(pathSegment);
            }
          }
          const normalizedPath = `${path?.startsWith("/") ? "/" : ""}${normalizedPathSegments.join("/")}${normalizedPathSegments.length > 0 && path?.endsWith("/") ? "/" : ""}`;
          const doubleEncoded = escapeUri2(normalizedPath);
          return doubleEncoded.replace(/%2F/g, "/");
        }
        return path;
      }
      validateResolvedCredentials(credentials) {
        if (typeof credentials !== "object" || typeof credentials.accessKeyId !== "string" || typeof credentials.secretAccessKey !== "string") {
          throw new Error("Resolved credential object is not valid");
        }
      }
      formatDate(now) {
        const longDate = iso8601(now).replace(/[-:]/g, "");
        return {
          longDate,
          shortDate: longDate.slice(0, 8)
        };
      }
      getCanonicalHeaderList(headers) {
        return Object.keys(headers).sort().join(";");
      }
    };
    var signingKeyCache = {};
    var cacheQueue = [];
    var createScope = (shortDate, region, service) => `${shortDate}/${region}/${service}/${KEY_TYPE_IDENTIFIER}`;
    var getSigningKey = async (sha256Constructor, credentials, shortDate, region, service) => {
      const credsHash = await hmac(sha256Constructor, credentials.secretAccessKey, credentials.accessKeyId);
      const cacheKey = `${shortDate}:${region}:${service}:${toHex(credsHash)}:${credentials.sessionToken}`;
      if (cacheKey in signingKeyCache) {
        return signingKeyCache[cacheKey];
      }
      cacheQueue.push(cacheKey);
      while (cacheQueue.length > MAX_CACHE_SIZE) {
        delete signingKeyCache[cacheQueue.shift()];
      }
      let key = `AWS4${credentials.secretAccessKey}`;
      for (const signable of [shortDate, region, service, KEY_TYPE_IDENTIFIER]) {
        key = await hmac(sha256Constructor, key, signable);
      }
      return signingKeyCache[cacheKey] = key;
    };
    var clearCredentialCache = () => {
      cacheQueue.length = 0;
      Object.keys(signingKeyCache).forEach((cacheKey) => {
        delete signingKeyCache[cacheKey];
      });
    };
    var hmac = (ctor, secret, data) => {
      const hash = new ctor(secret);
      hash.update(toUint8Array(data));
      return hash.digest();
    };
    var getCanonicalHeaders = ({ headers }, unsignableHeaders, signableHeaders) => {
      const canonical = {};
      for (const headerName of Object.keys(headers).sort()) {
        if (headers[headerName] == void 0) {
          continue;
        }
        const canonicalHeaderName = headerName.toLowerCase();
        if (hasOwn2(ALWAYS_UNSIGNABLE_HEADERS, canonicalHeaderName) || unsignableHeaders?.has(canonicalHeaderName) || PROXY_HEADER_PATTERN.test(canonicalHeaderName) || SEC_HEADER_PATTERN.test(canonicalHeaderName)) {
          if (!signableHeaders || signableHeaders && !signableHeaders.has(canonicalHeaderName)) {
            continue;
          }
        }
        if (canonicalHeaderName === "__proto__") {
          writeKey2(canonical);
        }
        canonical[canonicalHeaderName] = headers[headerName].replace(/[\r\n]/g, " ").replace(/[ \t]+/g, " ").replace(/^ | $/g, "");
      }
      return canonical;
    };
    var getPayloadHash = async ({ headers, body }, hashConstructor) => {
      for (const headerName in headers) {
        if (!hasOwn2(headers, headerName)) {
          continue;
        }
        if (headerName.toLowerCase() === SHA256_HEADER) {
          return headers[headerName];
        }
      }
      if (body == void 0) {
        return "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
      } else if (typeof body === "string" || ArrayBuffer.isView(body) || isArrayBuffer(body)) {
        const hashCtor = new hashConstructor();
        hashCtor.update(toUint8Array(body));
        return toHex(await hashCtor.digest());
      }
      return UNSIGNED_PAYLOAD;
    };
    var hasHeader = (soughtHeader, headers) => {
      soughtHeader = soughtHeader.toLowerCase();
      for (const headerName in headers) {
        if (!hasOwn2(headers, headerName)) {
          continue;
        }
        if (soughtHeader === headerName.toLowerCase()) {
          return true;
        }
      }
      return false;
    };
    var moveHeadersToQuery = (request, options = {}) => {
      const { headers, query = {} } = HttpRequest2.clone(request);
      for (const name in headers) {
        if (!hasOwn2(headers, name)) {
          continue;
        }
        const lname = name.toLowerCase();
        if (lname.slice(0, 6) === "x-amz-" && !options.unhoistableHeaders?.has(lname) || options.hoistableHeaders?.has(lname)) {
          query[name] = headers[name];
          delete headers[name];
        }
      }
      return {
        ...request,
        headers,
        query
      };
    };
    var prepareRequest = (request) => {
      request = HttpRequest2.clone(request);
      for (const headerName in request.headers) {
        if (!hasOwn2(request.headers, headerName)) {
          continue;
        }
        if (GENERATED_HEADERS.indexOf(headerName.toLowerCase()) > -1) {
          delete request.headers[headerName];
        }
      }
      return request;
    };
    var SignatureV42 = class extends SignatureV4Base {
      headerFormatter = new HeaderFormatter();
      constructor({ applyChecksum, credentials, region, service, sha256, uriEscapePath = true }) {
        super({
          applyChecksum,
          credentials,
          region,
          service,
          sha256,
          uriEscapePath
        });
      }
      async presign(originalRequest, options = {}) {
        const { signingDate = /* @__PURE__ */ new Date(), expiresIn = 3600, unsignableHeaders, unhoistableHeaders, signableHeaders, hoistableHeaders, signingRegion, signingService } = options;
        const credentials = await this.credentialProvider();
        this.validateResolvedCredentials(credentials);
        const region = signingRegion ?? await this.regionProvider();
        const { longDate, shortDate } = this.formatDate(signingDate);
        if (expiresIn > MAX_PRESIGNED_TTL) {
          return Promise.reject("Signature version 4 presigned URLs must have an expiration date less than one week in the future");
        }
        const scope = createScope(shortDate, region, signingService ?? this.service);
        const request = moveHeadersToQuery(prepareRequest(originalRequest), { unhoistableHeaders, hoistableHeaders });
        if (credentials.sessionToken) {
          request.query[TOKEN_QUERY_PARAM] = credentials.sessionToken;
        }
        request.query[ALGORITHM_QUERY_PARAM] = ALGORITHM_IDENTIFIER;
        request.query[CREDENTIAL_QUERY_PARAM] = `${credentials.accessKeyId}/${scope}`;
        request.query[AMZ_DATE_QUERY_PARAM] = longDate;
        request.query[EXPIRES_QUERY_PARAM] = expiresIn.toString(10);
        const canonicalHeaders = getCanonicalHeaders(request, unsignableHeaders, signableHeaders);
        request.query[SIGNED_HEADERS_QUERY_PARAM] = this.getCanonicalHeaderList(canonicalHeaders);
        request.query[SIGNATURE_QUERY_PARAM] = await this.getSignature(longDate, scope, this.getSigningKey(credentials, region, shortDate, signingService), this.createCanonicalRequest(request, canonicalHeaders, await getPayloadHash(originalRequest, this.sha256)));
        return request;
      }
      async sign(toSign, options) {
        if (typeof toSign === "string") {
          return this.signString(toSign, options);
        } else if (toSign.headers && toSign.payload) {
          return this.signEvent(toSign, options);
        } else if (toSign.message) {
          return this.signMessage(toSign, options);
        } else {
          return this.signRequest(toSign, options);
        }
      }
      async signEvent({ headers, payload }, { signingDate = /* @__PURE__ */ new Date(), priorSignature, signingRegion, signingService, eventStreamCredentials }) {
        const region = signingRegion ?? await this.regionProvider();
        const { shortDate, longDate } = this.formatDate(signingDate);
        const scope = createScope(shortDate, region, signingService ?? this.service);
        const hashedPayload = await getPayloadHash({ headers: {}, body: payload }, this.sha256);
        const hash = new this.sha256();
        hash.update(headers);
        const hashedHeaders = toHex(await hash.digest());
        const stringToSign = [
          EVENT_ALGORITHM_IDENTIFIER,
          longDate,
          scope,
          priorSignature,
          hashedHeaders,
          hashedPayload
        ].join("\n");
        return this.signString(stringToSign, {
          signingDate,
          signingRegion: region,
          signingService,
          eventStreamCredentials
        });
      }
      async signMessage(signableMessage, { signingDate = /* @__PURE__ */ new Date(), signingRegion, signingService, eventStreamCredentials }) {
        const promise = this.signEvent({
          headers: this.headerFormatter.format(signableMessage.message.headers),
          payload: signableMessage.message.body
        }, {
          signingDate,
          signingRegion,
          signingService,
          priorSignature: signableMessage.priorSignature,
          eventStreamCredentials
        });
        return promise.then((signature) => {
          return { message: signableMessage.message, signature };
        });
      }
      async signString(stringToSign, { signingDate = /* @__PURE__ */ new Date(), signingRegion, signingService, eventStreamCredentials } = {}) {
        const credentials = eventStreamCredentials ?? await this.credentialProvider();
        this.validateResolvedCredentials(credentials);
        const region = signingRegion ?? await this.regionProvider();
        const { shortDate } = this.formatDate(signingDate);
        const hash = new this.sha256(await this.getSigningKey(credentials, region, shortDate, signingService));
        hash.update(toUint8Array(stringToSign));
        return toHex(await hash.digest());
      }
      async signRequest(requestToSign, { signingDate = /* @__PURE__ */ new Date(), signableHeaders, unsignableHeaders, signingRegion, signingService } = {}) {
        const credentials = await this.credentialProvider();
        this.validateResolvedCredentials(credentials);
        const region = signingRegion ?? await this.regionProvider();
        const request = prepareRequest(requestToSign);
        const { longDate, shortDate } = this.formatDate(signingDate);
        const scope = createScope(shortDate, region, signingService ?? this.service);
        request.headers[AMZ_DATE_HEADER] = longDate;
        if (credentials.sessionToken) {
          request.headers[TOKEN_HEADER] = credentials.sessionToken;
        }
        const payloadHash = await getPayloadHash(request, this.sha256);
        if (!hasHeader(SHA256_HEADER, request.headers) && this.applyChecksum) {
          request.headers[SHA256_HEADER] = payloadHash;
        }
        const canonicalHeaders = getCanonicalHeaders(request, unsignableHeaders, signableHeaders);
        const signature = await this.getSignature(longDate, scope, this.getSigningKey(credentials, region, shortDate, signingService), this.createCanonicalRequest(request, canonicalHeaders, payloadHash));
        request.headers[AUTH_HEADER] = `${ALGORITHM_IDENTIFIER} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${this.getCanonicalHeaderList(canonicalHeaders)}, Signature=${signature}`;
        return request;
      }
      async getSignature(longDate, credentialScope, keyPromise, canonicalRequest) {
        const stringToSign = await this.createStringToSign(longDate, credentialScope, canonicalRequest, ALGORITHM_IDENTIFIER);
        const hash = new this.sha256(await keyPromise);
        hash.update(toUint8Array(stringToSign));
        return toHex(await hash.digest());
      }
      getSigningKey(credentials, region, shortDate, service) {
        return getSigningKey(this.sha256, credentials, shortDate, region, service || this.service);
      }
    };
    var signatureV4aContainer = {
      SignatureV4a: null
    };
    exports.ALGORITHM_IDENTIFIER = ALGORITHM_IDENTIFIER;
    exports.ALGORITHM_IDENTIFIER_V4A = ALGORITHM_IDENTIFIER_V4A;
    exports.ALGORITHM_QUERY_PARAM = ALGORITHM_QUERY_PARAM;
    exports.ALWAYS_UNSIGNABLE_HEADERS = ALWAYS_UNSIGNABLE_HEADERS;
    exports.AMZ_DATE_HEADER = AMZ_DATE_HEADER;
    exports.AMZ_DATE_QUERY_PARAM = AMZ_DATE_QUERY_PARAM;
    exports.AUTH_HEADER = AUTH_HEADER;
    exports.CREDENTIAL_QUERY_PARAM = CREDENTIAL_QUERY_PARAM;
    exports.DATE_HEADER = DATE_HEADER;
    exports.EVENT_ALGORITHM_IDENTIFIER = EVENT_ALGORITHM_IDENTIFIER;
    exports.EXPIRES_QUERY_PARAM = EXPIRES_QUERY_PARAM;
    exports.GENERATED_HEADERS = GENERATED_HEADERS;
    exports.HOST_HEADER = HOST_HEADER;
    exports.KEY_TYPE_IDENTIFIER = KEY_TYPE_IDENTIFIER;
    exports.MAX_CACHE_SIZE = MAX_CACHE_SIZE;
    exports.MAX_PRESIGNED_TTL = MAX_PRESIGNED_TTL;
    exports.PROXY_HEADER_PATTERN = PROXY_HEADER_PATTERN;
    exports.REGION_SET_PARAM = REGION_SET_PARAM;
    exports.SEC_HEADER_PATTERN = SEC_HEADER_PATTERN;
    exports.SHA256_HEADER = SHA256_HEADER;
    exports.SIGNATURE_HEADER = SIGNATURE_HEADER;
    exports.SIGNATURE_QUERY_PARAM = SIGNATURE_QUERY_PARAM;
    exports.SIGNED_HEADERS_QUERY_PARAM = SIGNED_HEADERS_QUERY_PARAM;
    exports.SignatureV4 = SignatureV42;
    exports.SignatureV4Base = SignatureV4Base;
    exports.TOKEN_HEADER = TOKEN_HEADER;
    exports.TOKEN_QUERY_PARAM = TOKEN_QUERY_PARAM;
    exports.UNSIGNABLE_PATTERNS = UNSIGNABLE_PATTERNS;
    exports.UNSIGNED_PAYLOAD = UNSIGNED_PAYLOAD;
    exports.clearCredentialCache = clearCredentialCache;
    exports.createScope = createScope;
    exports.getCanonicalHeaders = getCanonicalHeaders;
    exports.getCanonicalQuery = getCanonicalQuery;
    exports.getPayloadHash = getPayloadHash;
    exports.getSigningKey = getSigningKey;
    exports.hasHeader = hasHeader;
    exports.moveHeadersToQuery = moveHeadersToQuery;
    exports.prepareRequest = prepareRequest;
    exports.signatureV4aContainer = signatureV4aContainer;
  }
});

// src/egress/egress-proxy.ts
import { chmod, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { TLSSocket, createSecureContext } from "node:tls";

// src/egress/connect-upstream.ts
import { lookup } from "node:dns/promises";
import { connect } from "node:net";

// src/egress/address-class.ts
import { isIPv4, isIPv6 } from "node:net";
var BLOCKED_V4 = [
  [0, 8],
  [167772160, 8],
  [1681915904, 10],
  [2130706432, 8],
  [2851995648, 16],
  [2886729728, 12],
  [3221225472, 24],
  [3221225984, 24],
  [3232235520, 16],
  [3323068416, 15],
  [3325256704, 24],
  [3405803776, 24],
  [3758096384, 3],
  // Azure's wireserver (THREATS.md §B 6) is a public address but a metadata endpoint.
  [2822734096, 32]
];
function v4ToInt(ip) {
  return ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
}
function v4Blocked(ip) {
  const n = v4ToInt(ip);
  return BLOCKED_V4.some(
    ([base, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits))
  );
}
function expandV6(ip) {
  let text = ip.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = v4ToInt(v4[1]);
    text = text.slice(0, -v4[1].length) + `${(n >>> 16).toString(16)}:${(n & 65535).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = tail === void 0 ? [] : new Array(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}
function isPublicAddress(ip) {
  if (isIPv4(ip)) return !v4Blocked(ip);
  if (!isIPv6(ip)) return false;
  const g = expandV6(ip);
  if (g.length !== 8) return false;
  const embedded = `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 65535 || g[5] === 0))
    return g[5] === 65535 && !v4Blocked(embedded);
  if (g[0] === 100 && g[1] === 65435 && g.slice(2, 6).every((x) => x === 0))
    return !v4Blocked(embedded);
  const first = g[0];
  if ((first & 57344) !== 8192) return false;
  if (first === 8193 && g[1] === 3512) return false;
  return true;
}

// src/egress/connect-upstream.ts
var UpstreamError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
  code;
  name = "UpstreamError";
};
var systemResolve = async (name) => (await lookup(name, { all: true, verbatim: true })).map((a) => a.address);
function open(address, port) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    socket.once("connect", () => {
      socket.removeAllListeners("error");
      resolve(socket);
    });
    socket.once(
      "error",
      (e) => reject(new UpstreamError("connect-failed", `connect ${address}:${port}: ${e.message}`))
    );
  });
}
function connectPublicUpstream(resolve = systemResolve) {
  return async (host, port) => {
    if (host.kind !== "name") return open(host.host, port);
    let addresses;
    try {
      addresses = await resolve(host.host);
    } catch (e) {
      throw new UpstreamError("resolve-failed", `resolve ${host.host}: ${e.message}`);
    }
    const usable = addresses.filter(isPublicAddress);
    if (usable.length === 0)
      throw new UpstreamError("non-public-address", `${host.host} resolves to no public address`);
    return open(usable[0], port);
  };
}

// src/egress/inspect-request.ts
import { request as httpRequest2 } from "node:http";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

// src/gateway/response-decoder.ts
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
function responseDecoder(contentEncoding) {
  const coding = (contentEncoding ?? "").trim().toLowerCase();
  if (coding === "" || coding === "identity") return void 0;
  if (coding === "gzip" || coding === "x-gzip") return createGunzip();
  if (coding === "deflate") return createInflate();
  if (coding === "br") return createBrotliDecompress();
  return null;
}

// src/gateway/sensitive-metadata.ts
function carriesKnownValue(values, target, headers) {
  const text = [target, ...Object.entries(headers).map(([k, v]) => `${k}: ${String(v)}`)].join(
    "\n"
  );
  let found = false;
  values.find(text, 0, text.length, () => found = true);
  return found;
}

// src/gateway/stream-scrubber.ts
var SCRUB_MARKER = "[airlock:scrubbed]";
var StreamScrubber = class {
  #needles;
  #maxHold;
  #marker = Buffer.from(SCRUB_MARKER, "latin1");
  #pending = Buffer.alloc(0);
  #replacements = 0;
  constructor(values) {
    this.#needles = values.needles.map((n) => Buffer.from(n.needle, "utf8"));
    this.#maxHold = 4 * Math.max(0, ...this.#needles.map((n) => n.length));
  }
  /** Values replaced so far. */
  get replacements() {
    return this.#replacements;
  }
  /** Adds a chunk; returns the scrubbed bytes that can be released now (possibly none). */
  push(chunk) {
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    return this.#release(false);
  }
  /** Ends the stream; returns whatever was held back, scrubbed. */
  end() {
    return this.#release(true);
  }
  #release(final) {
    const bytes = this.#pending;
    const spans = this.#matches(bytes);
    let cut = bytes.length;
    if (!final) {
      cut = bytes.length - this.#partialTail(bytes);
      const across = spans.find(([s, e]) => s < cut && e > cut);
      if (across) cut = across[1] - across[0] > this.#maxHold ? across[1] : across[0];
    }
    const out = [];
    let at = 0;
    for (const [s, e] of spans) {
      if (s >= cut) break;
      out.push(bytes.subarray(at, s), this.#marker);
      at = e;
      this.#replacements++;
    }
    out.push(bytes.subarray(at, cut));
    this.#pending = Buffer.from(bytes.subarray(cut));
    return out.length === 1 ? out[0] : Buffer.concat(out);
  }
  /** Occurrences of any needle, merged where they overlap or touch, in order. */
  #matches(bytes) {
    const raw = [];
    for (const n of this.#needles)
      for (let i = bytes.indexOf(n); i >= 0; i = bytes.indexOf(n, i + 1)) raw.push([i, i + n.length]);
    if (raw.length === 0) return raw;
    raw.sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const [s, e] of raw) {
      const last = merged.at(-1);
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    return merged;
  }
  /** Length of the longest suffix of `bytes` that is a proper prefix of some needle. */
  #partialTail(bytes) {
    const last = bytes[bytes.length - 1];
    let longest = 0;
    for (const n of this.#needles) {
      for (let k = Math.min(n.length - 1, bytes.length); k > longest; k--) {
        if (n[k - 1] === last && bytes.compare(n, 0, k, bytes.length - k) === 0) {
          longest = k;
          break;
        }
      }
    }
    return longest;
  }
};
function scrubString(values, text) {
  const scrubber = new StreamScrubber(values);
  const out = Buffer.concat([scrubber.push(Buffer.from(text, "latin1")), scrubber.end()]);
  return { text: out.toString("latin1"), replacements: scrubber.replacements };
}

// src/egress/aws-endpoint.ts
var SUFFIX = ".amazonaws.com";
var REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
var SIGNING_NAMES = {
  email: "ses",
  "runtime.sagemaker": "sagemaker",
  "api.sagemaker": "sagemaker",
  "data.iot": "iotdata",
  "data-ats.iot": "iotdata",
  "runtime.lex": "lex",
  "api.ecr": "ecr",
  "api.pricing": "pricing",
  "streams.dynamodb": "dynamodb",
  "bedrock-runtime": "bedrock",
  "bedrock-agent-runtime": "bedrock",
  "bedrock-agent": "bedrock"
};
var GLOBAL_SERVICES = /* @__PURE__ */ new Set(["iam", "sts", "route53", "cloudfront", "organizations", "s3"]);
function s3Endpoint(labels) {
  const n = labels.length;
  const bucketOf = (end) => end > 0 ? { bucket: labels.slice(0, end).join(".") } : {};
  const last = labels[n - 1];
  if (n >= 2 && REGION.test(last) && labels[n - 2] === "s3") return { service: "s3", region: last, ...bucketOf(n - 2) };
  if (n >= 3 && REGION.test(last) && labels[n - 2] === "dualstack" && labels[n - 3] === "s3") return { service: "s3", region: last, ...bucketOf(n - 3) };
  if (last === "s3" || last === "s3-external-1") return { service: "s3", region: "us-east-1", ...bucketOf(n - 1) };
  const legacy = /^s3-(.+)$/.exec(last);
  if (legacy && REGION.test(legacy[1])) return { service: "s3", region: legacy[1], ...bucketOf(n - 1) };
  return void 0;
}
function awsEndpointOf(host) {
  if (!host.endsWith(SUFFIX)) return void 0;
  const labels = host.slice(0, -SUFFIX.length).split(".");
  if (labels.some((l) => l === "")) return void 0;
  if (labels.includes("s3") || labels.some((l) => /^s3-/.test(l))) {
    const s3 = s3Endpoint(labels);
    if (s3) return s3;
    if (labels.some((l) => l.startsWith("s3"))) return void 0;
  }
  const last = labels[labels.length - 1];
  if (REGION.test(last)) {
    if (labels.length < 2) return void 0;
    const prefix = labels.slice(0, -1).join(".");
    return { service: SIGNING_NAMES[prefix] ?? prefix, region: last };
  }
  if (labels.length === 1 && GLOBAL_SERVICES.has(last)) return { service: last, region: "us-east-1" };
  return void 0;
}

// src/egress/aws-operation.ts
var S3_BUCKET = {
  GET: [
    ["list-type", "ListObjectsV2"],
    ["versions", "ListObjectVersions"],
    ["uploads", "ListMultipartUploads"],
    ["location", "GetBucketLocation"],
    ["policy", "GetBucketPolicy"],
    ["policyStatus", "GetBucketPolicyStatus"],
    ["acl", "GetBucketAcl"],
    ["tagging", "GetBucketTagging"],
    ["versioning", "GetBucketVersioning"],
    ["cors", "GetBucketCors"],
    ["lifecycle", "GetBucketLifecycleConfiguration"],
    ["encryption", "GetBucketEncryption"],
    ["website", "GetBucketWebsite"],
    ["logging", "GetBucketLogging"],
    ["notification", "GetBucketNotificationConfiguration"],
    ["replication", "GetBucketReplication"],
    ["publicAccessBlock", "GetPublicAccessBlock"],
    ["ownershipControls", "GetBucketOwnershipControls"],
    ["object-lock", "GetObjectLockConfiguration"],
    ["", "ListObjects"]
  ],
  HEAD: [["", "HeadBucket"]],
  PUT: [
    ["policy", "PutBucketPolicy"],
    ["acl", "PutBucketAcl"],
    ["tagging", "PutBucketTagging"],
    ["versioning", "PutBucketVersioning"],
    ["cors", "PutBucketCors"],
    ["lifecycle", "PutBucketLifecycleConfiguration"],
    ["encryption", "PutBucketEncryption"],
    ["website", "PutBucketWebsite"],
    ["logging", "PutBucketLogging"],
    ["notification", "PutBucketNotificationConfiguration"],
    ["replication", "PutBucketReplication"],
    ["publicAccessBlock", "PutPublicAccessBlock"],
    ["ownershipControls", "PutBucketOwnershipControls"],
    ["object-lock", "PutObjectLockConfiguration"],
    ["", "CreateBucket"]
  ],
  DELETE: [
    ["policy", "DeleteBucketPolicy"],
    ["tagging", "DeleteBucketTagging"],
    ["cors", "DeleteBucketCors"],
    ["lifecycle", "DeleteBucketLifecycle"],
    ["encryption", "DeleteBucketEncryption"],
    ["website", "DeleteBucketWebsite"],
    ["replication", "DeleteBucketReplication"],
    ["publicAccessBlock", "DeletePublicAccessBlock"],
    ["ownershipControls", "DeleteBucketOwnershipControls"],
    ["", "DeleteBucket"]
  ],
  POST: [["delete", "DeleteObjects"]]
};
var S3_OBJECT = {
  GET: [["uploadId", "ListParts"], ["acl", "GetObjectAcl"], ["tagging", "GetObjectTagging"], ["attributes", "GetObjectAttributes"], ["retention", "GetObjectRetention"], ["legal-hold", "GetObjectLegalHold"], ["torrent", "GetObjectTorrent"], ["", "GetObject"]],
  HEAD: [["", "HeadObject"]],
  PUT: [["uploadId", "UploadPart"], ["acl", "PutObjectAcl"], ["tagging", "PutObjectTagging"], ["retention", "PutObjectRetention"], ["legal-hold", "PutObjectLegalHold"], ["", "PutObject"]],
  POST: [["uploads", "CreateMultipartUpload"], ["uploadId", "CompleteMultipartUpload"], ["restore", "RestoreObject"], ["select", "SelectObjectContent"]],
  DELETE: [["uploadId", "AbortMultipartUpload"], ["tagging", "DeleteObjectTagging"], ["", "DeleteObject"]]
};
function pick(table, query) {
  for (const [sub, operation] of table ?? []) if (sub === "" || query.has(sub)) return operation;
  return null;
}
function s3Operation(method, path, query, headers, hostBucket) {
  let decoded;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { operation: null, bucket: null, key: null };
  }
  const rest = decoded.replace(/^\//, "");
  const [bucket, key] = hostBucket !== void 0 ? [hostBucket, rest] : [rest.slice(0, rest.includes("/") ? rest.indexOf("/") : rest.length), rest.includes("/") ? rest.slice(rest.indexOf("/") + 1) : ""];
  if (!bucket) return { operation: method === "GET" ? "ListBuckets" : null, bucket: null, key: null };
  if (!key) return { operation: pick(S3_BUCKET[method], query), bucket, key: null };
  let operation = pick(S3_OBJECT[method], query);
  if (headers["x-amz-copy-source"] !== void 0) operation = operation === "UploadPart" ? "UploadPartCopy" : operation === "PutObject" ? "CopyObject" : operation;
  return { operation, bucket, key };
}
function awsOperationOf(request) {
  const method = request.method.toUpperCase();
  if (request.service === "s3") return s3Operation(method, request.path, request.query, request.headers, request.hostBucket);
  const none = { bucket: null, key: null };
  const target = request.headers["x-amz-target"];
  if (typeof target === "string") {
    const operation = /^[A-Za-z0-9_.-]+\.([A-Za-z0-9]+)$/.exec(target)?.[1] ?? null;
    return { operation, ...none };
  }
  const rpc = /^\/service\/[^/]+\/operation\/([A-Za-z0-9]+)$/.exec(request.path);
  if (rpc) return { operation: rpc[1], ...none };
  const actions = [...request.query.get("Action") ?? []];
  if (String(request.headers["content-type"] ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    for (const [name, value] of new URLSearchParams(request.body.toString("utf8"))) if (name === "Action") actions.push(value);
  }
  const distinct = [...new Set(actions)];
  if (distinct.length === 1 && /^[A-Za-z0-9]+$/.test(distinct[0])) return { operation: distinct[0], ...none };
  return { operation: null, ...none };
}

// src/egress/aws-resign.ts
var import_hash_node = __toESM(require_dist_cjs2(), 1);
var import_signature_v4 = __toESM(require_dist_cjs3(), 1);
import { timingSafeEqual } from "node:crypto";

// src/egress/aws-chunked-payload.ts
var CRLF = Buffer.from("\r\n");
function parseAwsChunks(body, withTrailer) {
  const chunks = [];
  let at = 0;
  for (; ; ) {
    const end = body.indexOf(CRLF, at);
    if (end < 0) return void 0;
    const header = /^([0-9a-fA-F]{1,16});chunk-signature=([0-9a-f]{64})$/.exec(body.subarray(at, end).toString("latin1"));
    if (!header) return void 0;
    const size = parseInt(header[1], 16);
    const start = end + 2;
    if (start + size > body.length) return void 0;
    chunks.push({ size: header[1], data: body.subarray(start, start + size), signature: header[2] });
    if (size === 0) {
      at = start;
      break;
    }
    if (!body.subarray(start + size, start + size + 2).equals(CRLF)) return void 0;
    at = start + size + 2;
  }
  if (!withTrailer) return body.subarray(at).equals(CRLF) ? { chunks } : void 0;
  const rest = body.subarray(at).toString("latin1");
  const lines = rest.split("\r\n");
  if (lines.length < 3 || lines.at(-1) !== "" || lines.at(-2) !== "") return void 0;
  const fields = lines.slice(0, -2);
  const signatureLine = /^x-amz-trailer-signature:([0-9a-f]{64})$/.exec(fields.at(-1) ?? "");
  const signed = fields.slice(0, -1);
  if (!signatureLine || signed.length === 0 || signed.some((l) => !/^[a-z0-9-]+:\S*$/.test(l))) return void 0;
  return { chunks, trailer: { lines: signed.map((l) => `${l}
`).join(""), signature: signatureLine[1] } };
}
function serializeAwsChunks(body) {
  const parts = [];
  for (const chunk of body.chunks) {
    parts.push(Buffer.from(`${chunk.size};chunk-signature=${chunk.signature}\r
`, "latin1"), chunk.data);
    if (chunk.data.length > 0) parts.push(CRLF);
  }
  if (body.trailer) parts.push(Buffer.from(`${body.trailer.lines.replace(/\n/g, "\r\n")}x-amz-trailer-signature:${body.trailer.signature}\r
\r
`, "latin1"));
  else parts.push(CRLF);
  return Buffer.concat(parts);
}

// src/egress/aws-resign.ts
var MAX_SKEW_MS = 15 * 60 * 1e3;
var MAX_PRESIGNED_SECONDS = 7 * 24 * 60 * 60;
var QUERY_AUTH = /* @__PURE__ */ new Set(["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"]);
var SIGNED_CHUNKS = /* @__PURE__ */ new Set(["STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"]);
var PASS_THROUGH_PAYLOADS = /* @__PURE__ */ new Set(["UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"]);
var Sha256 = class extends import_hash_node.Hash {
  constructor(secret) {
    super("sha256", secret);
  }
};
var signerFor = (credentials, signature) => (
  // S3 signs the path as sent; every other service's path is normalised and encoded again.
  new import_signature_v4.SignatureV4({ credentials, region: signature.region, service: signature.service, sha256: Sha256, uriEscapePath: signature.service !== "s3", applyChecksum: false })
);
var longDateToDate = (longDate) => /* @__PURE__ */ new Date(`${longDate.slice(0, 4)}-${longDate.slice(4, 6)}-${longDate.slice(6, 8)}T${longDate.slice(9, 11)}:${longDate.slice(11, 13)}:${longDate.slice(13, 15)}Z`);
var equal = (a, b) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
function queryBag(query, drop) {
  const bag = {};
  for (const [name, values] of query) if (!drop.has(name)) bag[name] = values.length === 1 ? values[0] : [...values];
  return bag;
}
function httpRequest(request, headers, drop) {
  return { method: request.method, protocol: "https:", hostname: headers.host ?? "", path: request.rawPath === "" ? "/" : request.rawPath, query: queryBag(request.query, drop), headers, body: request.body };
}
function signedHeaderValues(signature, values) {
  const headers = {};
  for (const name of signature.signedHeaders) {
    if (name === "x-amz-date" || name === "x-amz-security-token") continue;
    const value = values(name);
    if (value === void 0) return { missing: name };
    headers[name] = value;
  }
  return { headers };
}
var fieldOf = (authorization, name) => new RegExp(`${name}=([^,\\s]+)`).exec(authorization)?.[1] ?? "";
var payloadHashOf = (request) => request.headers.get("x-amz-content-sha256")?.[0];
async function checkAwsSignature(request, signature, placeholder, now) {
  const signingDate = longDateToDate(signature.longDate);
  if (Number.isNaN(signingDate.getTime()) || signature.longDate.slice(0, 8) !== signature.date) return { ok: false, reason: "aws-signature-mismatch", detail: "the signing date and the credential scope disagree" };
  const headerValue = (name) => {
    const values = request.headers.get(name);
    return values === void 0 ? void 0 : values.map((v) => v.trim()).join(",");
  };
  const picked = signedHeaderValues(signature, headerValue);
  if ("missing" in picked) return { ok: false, reason: "aws-signature-mismatch", detail: `the signed header ${picked.missing} is absent` };
  if (signature.sessionToken !== void 0 && signature.form === "header" && !signature.signedHeaders.includes("x-amz-security-token")) return { ok: false, reason: "aws-signing-unsupported", detail: "x-amz-security-token must be signed" };
  const signer = signerFor(placeholder, signature);
  const options = { signingDate, signableHeaders: new Set(signature.signedHeaders) };
  let expected;
  if (signature.form === "header") {
    if (Math.abs(signingDate.getTime() - now) > MAX_SKEW_MS) return { ok: false, reason: "aws-request-time-skewed", detail: `x-amz-date ${signature.longDate} is more than 15 minutes from now` };
    const signed = await signer.sign(httpRequest(request, picked.headers, /* @__PURE__ */ new Set()), options);
    const authorization = String(signed.headers.authorization ?? "");
    expected = { signedHeaders: fieldOf(authorization, "SignedHeaders"), signature: fieldOf(authorization, "Signature") };
  } else {
    const expires = signature.expires ?? 0;
    if (expires < 1 || expires > MAX_PRESIGNED_SECONDS || signingDate.getTime() + expires * 1e3 < now) return { ok: false, reason: "aws-presigned-expired", detail: `the presigned URL signed at ${signature.longDate} for ${expires} s is expired or invalid` };
    const presigned = await signer.presign(presignable(request, picked.headers, signature), { ...options, expiresIn: expires, ...presignOptions(signature) });
    expected = { signedHeaders: String(presigned.query?.["X-Amz-SignedHeaders"] ?? ""), signature: String(presigned.query?.["X-Amz-Signature"] ?? "") };
  }
  if (expected.signedHeaders !== signature.signedHeaders.join(";") || !equal(expected.signature, signature.signature)) return { ok: false, reason: "aws-signature-mismatch", detail: "the request was not signed with the credentials this run gave the agent" };
  const payload = payloadHashOf(request);
  if (signature.form === "header" && payload !== void 0 && SIGNED_CHUNKS.has(payload)) {
    const chunks = parseAwsChunks(request.body, payload.endsWith("-TRAILER"));
    if (!chunks) return { ok: false, reason: "aws-signature-mismatch", detail: "the aws-chunked body is malformed" };
    let previous = signature.signature;
    for (const chunk of chunks.chunks) {
      if (!equal(await signer.sign(await chunkStringToSign(signature, previous, chunk.data), { signingDate }), chunk.signature)) return { ok: false, reason: "aws-signature-mismatch", detail: "a chunk of the body was not signed with the run's credentials" };
      previous = chunk.signature;
    }
    if (chunks.trailer && !equal(await signer.sign(await trailerStringToSign(signature, previous, chunks.trailer.lines), { signingDate }), chunks.trailer.signature)) return { ok: false, reason: "aws-signature-mismatch", detail: "the body's trailer was not signed with the run's credentials" };
    return { ok: true, chunks };
  }
  if (payload !== void 0 && !PASS_THROUGH_PAYLOADS.has(payload) && !/^[0-9a-f]{64}$/.test(payload) && !SIGNED_CHUNKS.has(payload)) return { ok: false, reason: "aws-signing-unsupported", detail: `x-amz-content-sha256 ${payload} is not a payload form Airlock can re-sign` };
  return { ok: true };
}
function presignable(request, headers, signature) {
  const base = httpRequest(request, headers, QUERY_AUTH);
  if (signature.service !== "s3") return base;
  return { ...base, headers: { ...base.headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } };
}
function presignOptions(signature) {
  return { unhoistableHeaders: /* @__PURE__ */ new Set([...signature.signedHeaders, "x-amz-content-sha256"]), unsignableHeaders: /* @__PURE__ */ new Set(["x-amz-content-sha256"]) };
}
var EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
var scopeOf = (signature) => `${signature.date}/${signature.region}/${signature.service}/aws4_request`;
var sha256Hex = async (data) => {
  const hash = new Sha256();
  hash.update(data);
  return Buffer.from(await hash.digest()).toString("hex");
};
var chunkStringToSign = async (signature, previous, data) => ["AWS4-HMAC-SHA256-PAYLOAD", signature.longDate, scopeOf(signature), previous, EMPTY_SHA256, await sha256Hex(data)].join("\n");
var trailerStringToSign = async (signature, previous, lines) => ["AWS4-HMAC-SHA256-TRAILER", signature.longDate, scopeOf(signature), previous, await sha256Hex(lines)].join("\n");
async function resignAwsRequest(request, signature, checked, forwarded, real) {
  const signingDate = longDateToDate(signature.longDate);
  const kept = { ...signature, signedHeaders: signature.signedHeaders.filter((name) => name === "x-amz-date" || name === "x-amz-security-token" || forwarded[name] !== void 0) };
  const picked = signedHeaderValues(kept, (name) => {
    const v = forwarded[name];
    return v === void 0 ? void 0 : Array.isArray(v) ? v.join(",") : String(v);
  });
  if ("missing" in picked) throw new Error(`resign: forwarded header ${picked.missing} vanished`);
  const signer = signerFor(real, signature);
  const options = { signingDate, signableHeaders: new Set(kept.signedHeaders) };
  if (signature.form === "query") {
    const presigned = await signer.presign(presignable(request, picked.headers, kept), { ...options, expiresIn: signature.expires, ...presignOptions(kept) });
    const headers2 = { ...forwarded };
    delete headers2.authorization;
    return { headers: headers2, url: `${request.rawPath}?${serializeQuery(presigned.query ?? {})}`, body: request.body };
  }
  const signed = await signer.sign(httpRequest(request, picked.headers, /* @__PURE__ */ new Set()), options);
  const headers = { ...forwarded, authorization: String(signed.headers.authorization), "x-amz-date": String(signed.headers["x-amz-date"]) };
  if (real.sessionToken !== void 0) headers["x-amz-security-token"] = real.sessionToken;
  else delete headers["x-amz-security-token"];
  let body = request.body;
  if (checked.chunks) {
    let previous = fieldOf(String(signed.headers.authorization), "Signature");
    const chunks = [];
    for (const chunk of checked.chunks.chunks) {
      previous = await signer.sign(await chunkStringToSign(signature, previous, chunk.data), { signingDate });
      chunks.push({ size: chunk.size, data: chunk.data, signature: previous });
    }
    const trailer = checked.chunks.trailer ? { lines: checked.chunks.trailer.lines, signature: await signer.sign(await trailerStringToSign(signature, previous, checked.chunks.trailer.lines), { signingDate }) } : void 0;
    body = serializeAwsChunks({ chunks, ...trailer ? { trailer } : {} });
  }
  return { headers, body };
}
function serializeQuery(query) {
  const encode = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const parts = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === null || value === void 0) continue;
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${encode(name)}=${encode(v)}`);
  }
  return parts.join("&");
}

// src/egress/aws-signed-request.ts
var SCOPE = /^([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([A-Za-z0-9.-]+)\/aws4_request$/;
var LONG_DATE = /^\d{8}T\d{6}Z$/;
function queryParameters(rawQuery) {
  const out = /* @__PURE__ */ new Map();
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const decode = (s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    out.set(name, [...out.get(name) ?? [], decode(eq < 0 ? "" : part.slice(eq + 1))]);
  }
  return out;
}
var one = (headers, name) => {
  const v = headers[name];
  return Array.isArray(v) ? void 0 : v;
};
function readAwsSignature(headers, rawQuery) {
  const authorization = headers.authorization;
  const query = queryParameters(rawQuery);
  const inQuery = query.has("X-Amz-Credential") || query.has("X-Amz-Signature") || query.has("AWSAccessKeyId") || query.has("Signature");
  if (authorization !== void 0 && inQuery) return { kind: "unsupported", why: "the request is signed both in its Authorization header and in its query string" };
  if (authorization !== void 0) {
    if (Array.isArray(authorization)) return { kind: "unsupported", why: "the request carries more than one Authorization header" };
    if (authorization.startsWith("AWS4-ECDSA-P256-SHA256")) return { kind: "unsupported", why: "SigV4a (AWS4-ECDSA-P256-SHA256) is not supported; sign with SigV4 for one region" };
    if (/^AWS [^:]+:/.test(authorization)) return { kind: "unsupported", why: "Signature Version 2 is not supported; use SigV4" };
    if (!authorization.startsWith("AWS4-HMAC-SHA256 ")) return { kind: "none" };
    const fields = /* @__PURE__ */ new Map();
    for (const part of authorization.slice("AWS4-HMAC-SHA256 ".length).split(",")) {
      const eq = part.indexOf("=");
      if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    const scope2 = SCOPE.exec(fields.get("Credential") ?? "");
    const signedHeaders2 = (fields.get("SignedHeaders") ?? "").split(";");
    const signature2 = fields.get("Signature") ?? "";
    const longDate2 = one(headers, "x-amz-date") ?? "";
    if (!scope2 || !/^[0-9a-f]{64}$/.test(signature2) || !signedHeaders2.includes("host")) return { kind: "unsupported", why: "the Authorization header is not a well-formed SigV4 header" };
    if (!LONG_DATE.test(longDate2) || !signedHeaders2.includes("x-amz-date")) return { kind: "unsupported", why: "the request must carry and sign x-amz-date (a signed Date header is not supported)" };
    const token2 = headers["x-amz-security-token"];
    if (Array.isArray(token2)) return { kind: "unsupported", why: "the request carries more than one x-amz-security-token header" };
    return {
      kind: "signed",
      signature: { form: "header", accessKeyId: scope2[1], date: scope2[2], region: scope2[3], service: scope2[4], signedHeaders: signedHeaders2, signature: signature2, longDate: longDate2, ...token2 !== void 0 ? { sessionToken: token2 } : {} }
    };
  }
  if (!inQuery) return { kind: "none" };
  if (query.has("AWSAccessKeyId")) return { kind: "unsupported", why: "Signature Version 2 presigned URLs are not supported" };
  const single = (name) => {
    const values = query.get(name);
    return values?.length === 1 ? values[0] : void 0;
  };
  const scope = SCOPE.exec(single("X-Amz-Credential") ?? "");
  const signature = single("X-Amz-Signature") ?? "";
  const longDate = single("X-Amz-Date") ?? "";
  const expires = Number(single("X-Amz-Expires"));
  const signedHeaders = (single("X-Amz-SignedHeaders") ?? "").split(";");
  if (single("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256" || !scope || !/^[0-9a-f]{64}$/.test(signature) || !LONG_DATE.test(longDate) || !Number.isInteger(expires) || !signedHeaders.includes("host")) return { kind: "unsupported", why: "the presigned URL is not a well-formed SigV4 query signature" };
  const token = query.get("X-Amz-Security-Token");
  if (token && token.length !== 1) return { kind: "unsupported", why: "the presigned URL carries more than one X-Amz-Security-Token" };
  return {
    kind: "signed",
    signature: { form: "query", accessKeyId: scope[1], date: scope[2], region: scope[3], service: scope[4], signedHeaders, signature, longDate, expires, ...token ? { sessionToken: token[0] } : {} }
  };
}

// src/egress/aws-resolution.ts
function headerMap(rawHeaders) {
  const out = /* @__PURE__ */ new Map();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    out.set(name, [...out.get(name) ?? [], rawHeaders[i + 1]]);
  }
  return out;
}
async function prepareAwsRequest(input) {
  const { binding, target } = input;
  const rawQuery = target.query.replace(/^\?/, "");
  const read = readAwsSignature(input.headers, rawQuery);
  if (read.kind !== "signed") return { ok: false, reason: "aws-signing-unsupported", detail: read.kind === "unsupported" ? read.why : "the request carries no SigV4 signature" };
  const signature = read.signature;
  const custom = binding.endpoints.get(`${target.host.host}:${target.port}`);
  const endpoint = custom ?? (target.port === 443 ? awsEndpointOf(target.host.host) : void 0);
  if (!endpoint) return { ok: false, reason: "aws-endpoint-unknown", detail: `${target.host.host}:${target.port} is not an AWS endpoint Airlock recognises (<service>.<region>.amazonaws.com, S3's bucket and path styles, or one listed in aws-endpoints)` };
  if (signature.service !== endpoint.service || signature.region !== endpoint.region) {
    return { ok: false, reason: "aws-scope-mismatch", detail: `the request is signed for ${signature.service} in ${signature.region}, but ${target.host.host} serves ${endpoint.service} in ${endpoint.region}` };
  }
  const query = queryParameters(rawQuery);
  const signed = { method: input.method, rawPath: target.path, query, headers: headerMap(input.rawHeaders), body: input.body };
  const checked = await checkAwsSignature(signed, signature, binding.placeholder, input.now);
  if (!checked.ok) return checked;
  const operation = awsOperationOf({ service: endpoint.service, method: input.method, path: target.path, query, headers: input.headers, body: input.body, ...endpoint.bucket !== void 0 ? { hostBucket: endpoint.bucket } : {} });
  return {
    ok: true,
    facts: { service: endpoint.service, region: endpoint.region, ...operation, presigned: signature.form === "query", role: binding.roleArn },
    resign: (forwarded) => resignAwsRequest(signed, signature, checked, forwarded, binding.real())
  };
}

// src/gateway/request-body-scan.ts
var DEFAULT_BODY_POLICY = {
  knownValue: "block",
  pattern: "block",
  generic: "allow"
};
function redactionMarker(tokenType) {
  return `[airlock:redacted:${tokenType}]`;
}
function actionFor(kind, policy) {
  return kind === "known-value" ? policy.knownValue : policy[kind];
}
function ruleIds(findings) {
  return [...new Set(findings.map((f) => f.rule_id))].sort();
}
var RequestBodyScan = class {
  #scanner;
  #knownValues;
  #policy;
  #findings = [];
  constructor(knownValues, policy) {
    this.#knownValues = knownValues;
    this.#policy = policy;
    this.#scanner = new StreamScanner({ knownValues, allowList: { inlineComments: false } });
  }
  push(chunk) {
    this.#findings.push(...this.#scanner.push(chunk));
  }
  /** Ends the scan of `body` (the concatenation of every pushed chunk) and applies the policy. */
  finish(body) {
    this.#findings.push(...this.#scanner.end());
    const acted = this.#findings.filter((f) => actionFor(f.kind, this.#policy) !== "allow");
    if (acted.length === 0) return { action: "allow", body };
    const rules = ruleIds(acted);
    if (acted.some((f) => actionFor(f.kind, this.#policy) === "block"))
      return { action: "block", rules };
    const redacted = redact(body, acted);
    const again = scanBuffer(redacted, {
      knownValues: this.#knownValues,
      allowList: { inlineComments: false }
    });
    const left = again.findings.filter((f) => actionFor(f.kind, this.#policy) !== "allow");
    if (left.length > 0 || again.truncated !== void 0)
      return { action: "block", rules: ruleIds([...acted, ...left]) };
    return { action: "redact", body: redacted, rules };
  }
};
function redact(body, findings) {
  const sorted = [...findings].sort((a, b) => a.start - b.start);
  const parts = [];
  let at = 0;
  for (let i = 0; i < sorted.length; ) {
    const first = sorted[i];
    let end = first.end;
    for (i++; i < sorted.length && sorted[i].start < end; i++) end = Math.max(end, sorted[i].end);
    parts.push(body.subarray(at, first.start), Buffer.from(redactionMarker(first.token_type)));
    at = end;
  }
  parts.push(body.subarray(at));
  return Buffer.concat(parts);
}

// src/egress/body-feed.ts
var BodyFeed = class {
  #queue = [];
  #pending = 0;
  #ended = false;
  #closed = false;
  #wake;
  #drained;
  get pending() {
    return this.#pending;
  }
  push(chunk) {
    if (this.#closed || this.#ended) return;
    this.#queue.push(chunk);
    this.#pending += chunk.length;
    this.#wakeReader();
  }
  end() {
    this.#ended = true;
    this.#wakeReader();
  }
  /** The hook is done (its verdict taken): nothing more is kept for it. */
  close() {
    this.#closed = true;
    this.#queue.length = 0;
    this.#pending = 0;
    this.#wakeReader();
    this.#settle();
  }
  /** Calls `drained` once (the next time) nothing waits for the hook. */
  onDrain(drained) {
    if (this.#pending === 0) return drained();
    this.#drained = drained;
  }
  #wakeReader() {
    const wake = this.#wake;
    this.#wake = void 0;
    wake?.();
  }
  #settle() {
    if (this.#pending > 0) return;
    const drained = this.#drained;
    this.#drained = void 0;
    drained?.();
  }
  async *[Symbol.asyncIterator]() {
    try {
      for (; ; ) {
        const chunk = this.#queue.shift();
        if (chunk !== void 0) {
          this.#pending -= chunk.length;
          this.#settle();
          yield chunk;
          continue;
        }
        if (this.#ended || this.#closed) return;
        await new Promise((resolve) => this.#wake = resolve);
      }
    } finally {
      this.close();
    }
  }
};

// src/egress/needle-stream-search.ts
var NeedleStreamSearch = class {
  #needles;
  #overlap;
  #tail = Buffer.alloc(0);
  #found = false;
  constructor(values) {
    const needles = /* @__PURE__ */ new Map();
    for (const { needle } of values.needles) {
      for (const bytes of [Buffer.from(needle, "utf8"), ...[...needle].every((c) => c.charCodeAt(0) <= 255) ? [Buffer.from(needle, "latin1")] : []])
        needles.set(bytes.toString("hex"), bytes);
    }
    this.#needles = [...needles.values()];
    this.#overlap = Math.max(0, ...this.#needles.map((n) => n.length - 1));
  }
  /** Bytes kept between chunks (the longest needle less one). */
  get overlap() {
    return this.#overlap;
  }
  /** Adds a chunk; true once any needle has been seen in the stream so far. */
  push(chunk) {
    if (this.#found || this.#needles.length === 0 || chunk.length === 0) return this.#found;
    const seam = this.#tail.length === 0 ? void 0 : Buffer.concat([this.#tail, chunk.subarray(0, this.#overlap)]);
    for (const needle of this.#needles) {
      if (chunk.includes(needle) || seam !== void 0 && seam.includes(needle)) return this.#found = true;
    }
    const keep = this.#overlap;
    this.#tail = chunk.length >= keep ? Buffer.from(chunk.subarray(chunk.length - keep)) : Buffer.concat([this.#tail, chunk]).subarray(-keep);
    return false;
  }
};

// src/egress/body-inspection.ts
var BodyInspection = class {
  #placeholders;
  #scanner;
  #feed;
  #hook;
  #hookRefusal;
  #refusal;
  constructor(options) {
    this.#placeholders = options.placeholders ? new NeedleStreamSearch(options.placeholders) : void 0;
    this.#scanner = options.protectedValues ? new StreamScanner({ knownValues: options.protectedValues, allowList: { inlineComments: false } }) : void 0;
    if (options.inspectBody) {
      const feed = this.#feed = new BodyFeed();
      const inspect = options.inspectBody;
      this.#hook = (async () => {
        try {
          const verdict = await inspect(feed, options.request);
          return verdict.verdict === "block" ? { status: 403, reason: `body-blocked:${verdict.reason}` } : void 0;
        } catch {
          return { status: 403, reason: "body-blocked:inspector-failed" };
        } finally {
          feed.close();
        }
      })();
      void this.#hook.then((r) => this.#hookRefusal = r);
    }
  }
  /** The refusal so far, if any. */
  get refusal() {
    return this.#refusal ??= this.#hookRefusal;
  }
  /** Bytes the hook has not read yet: the caller stops reading the client above its bound. */
  get hookPending() {
    return this.#feed?.pending ?? 0;
  }
  /** Calls `drained` once the hook has read every chunk pushed. */
  onHookDrain(drained) {
    if (this.#feed) this.#feed.onDrain(drained);
    else drained();
  }
  /** Inspects one more chunk; returns the refusal once there is one. */
  push(chunk) {
    if (this.refusal) return this.#refusal;
    if (this.#placeholders?.push(chunk)) return this.#refusal = { status: 403, reason: "placeholder-in-body" };
    if (this.#scanner) {
      try {
        this.#refuseOn(this.#scanner.push(chunk));
      } catch {
        this.#refusal = { status: 503, reason: "scan-failed" };
      }
      if (this.#refusal) return this.#refusal;
    }
    this.#feed?.push(chunk);
    return void 0;
  }
  /** The body has ended: the scanner's last findings and the hook's verdict. */
  async end() {
    if (!this.refusal && this.#scanner) {
      try {
        this.#refuseOn(this.#scanner.end());
      } catch {
        this.#refusal = { status: 503, reason: "scan-failed" };
      }
    }
    if (this.#refusal) {
      this.#feed?.close();
      return this.#refusal;
    }
    this.#feed?.end();
    return this.#refusal = await this.#hook;
  }
  /** Stops the hook (the request was refused or abandoned elsewhere). */
  abandon() {
    this.#feed?.close();
  }
  #refuseOn(findings) {
    const acted = findings.filter((f) => (f.kind === "known-value" ? DEFAULT_BODY_POLICY.knownValue : DEFAULT_BODY_POLICY[f.kind]) !== "allow");
    if (acted.length > 0) this.#refusal = { status: 403, reason: `dlp-blocked:${[...new Set(acted.map((f) => f.rule_id))].sort().join(",")}` };
  }
};

// src/egress/inspect-request.ts
var HOP_BY_HOP = /* @__PURE__ */ new Set(["expect", "connection", "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length"]);
var HOLD_BYTES = 256 * 1024;
function forwardHeaders(headers) {
  const named = new Set(
    String(headers.connection ?? "").split(",").map((s) => s.trim().toLowerCase())
  );
  const out = {};
  for (const [k, v] of Object.entries(headers)) if (v !== void 0 && !HOP_BY_HOP.has(k) && !named.has(k)) out[k] = v;
  return out;
}
function hostHeaderValue(target, scheme) {
  const host = target.host.kind === "ipv6" ? `[${target.host.host}]` : target.host.host;
  return target.port === (scheme === "https" ? 443 : 80) ? host : `${host}:${target.port}`;
}
function createRequestInspector(ctx) {
  return async (req, res, t, scheme, start, audited) => {
    const method = req.method ?? "GET";
    const kind = scheme;
    let requestBytes = 0;
    let held = 0;
    let credential;
    let policy;
    const release = () => {
      ctx.budget.release(held);
      held = 0;
    };
    const tags = () => ({ ...credential ? { credential } : {}, ...policy ? { policy } : {} });
    const refuse = (status, reason, detail) => {
      release();
      ctx.log(start, { kind, method, host: t.host.host, port: t.port, path: t.path, decision: "deny", reason, status, requestBytes, responseBytes: 0, ...tags() });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(status, { "content-type": "text/plain", connection: "close", "x-airlock-egress": reason });
      res.end(`airlock egress: ${reason}${detail ? `: ${detail}` : ""}
`);
    };
    try {
      const url = t.path + t.query;
      const search = ctx.credentials?.find({ scheme, target: t, headers: req.headers, url }) ?? { ok: true };
      if (!search.ok) {
        credential = search.credential;
        return refuse(403, search.reason, search.detail);
      }
      const found = search.found;
      credential = found?.credential.id;
      let protectedValues;
      if (ctx.protectedValues) {
        try {
          protectedValues = new KnownValues(ctx.protectedValues());
        } catch {
          return refuse(503, "scan-failed");
        }
        if (carriesKnownValue(protectedValues, url, req.headers)) return refuse(403, "sensitive-value-in-request");
      }
      const facts = { scheme, method, host: t.host.host, port: t.port, path: t.path };
      const decide = (asked) => {
        let decision;
        try {
          decision = ctx.decide ? ctx.decide(asked, found) : { decision: found ? "resolve" : "allow", reasons: [] };
        } catch (e) {
          decision = { decision: "deny", reasons: [`policy error: ${e.message}`] };
        }
        policy = decision.decision;
        if (decision.decision === "deny") return { status: 403, reason: "policy-denied", detail: decision.reasons.join("; ") };
        if (found && decision.decision !== "resolve") return { status: 403, reason: "resolution-denied", detail: `the egress policy does not let ${found.credential.id} be resolved toward ${t.host.host}` };
        return void 0;
      };
      const aws = found?.placement === "aws-sigv4" ? found.credential.aws : void 0;
      const early = aws ? void 0 : decide(facts);
      if (early) return refuse(early.status, early.reason, early.detail);
      if (found?.credential.approval && !found.credential.resolvedDownstream) {
        if (!ctx.approve) return refuse(403, "approval-unavailable", `${found.credential.id} needs a human's approval and no Airlock App was configured to ask`);
        const gone = new AbortController();
        const onClose = () => gone.abort();
        res.once("close", onClose);
        let outcome2;
        try {
          outcome2 = await ctx.approve(found.credential, facts, gone.signal);
        } catch (e) {
          outcome2 = { approved: false, reason: `approval failed: ${e.message}` };
        } finally {
          res.off("close", onClose);
        }
        if (gone.signal.aborted) return refuse(499, "client-gone");
        if (!outcome2.approved) return refuse(403, "approval-refused", outcome2.reason);
      }
      const cap = ctx.maxRequestBodyBytes;
      const declared = req.headers["content-length"];
      if (declared !== void 0 && Number(declared) > cap) return refuse(413, "body-too-large");
      const inspection = new BodyInspection({
        placeholders: ctx.credentials?.placeholders,
        protectedValues,
        inspectBody: ctx.inspectBody,
        request: { method, host: t.host.host, port: t.port, path: t.path }
      });
      const holdWhole = aws !== void 0;
      const queue = [];
      let upstream;
      let reading = true;
      let aborted = false;
      let sent;
      const complete = new Promise((resolve) => sent = resolve);
      let stopReading;
      const pauses = /* @__PURE__ */ new Set();
      const hold = (why) => {
        pauses.add(why);
        req.pause();
      };
      const unhold = (why) => {
        pauses.delete(why);
        if (pauses.size === 0 && reading) req.resume();
      };
      const scrubValues = found !== void 0 && !found.credential.resolvedDownstream ? protectedValues ?? new KnownValues([{ value: found.credential.real(), label: found.credential.id }]) : void 0;
      const forwarded = () => {
        const headers2 = forwardHeaders(req.headers);
        headers2.host = hostHeaderValue(t, scheme);
        const resolved = found !== void 0 && !found.credential.resolvedDownstream;
        const stopped = found ? ctx.credentials?.stopped() : void 0;
        if (stopped) return { status: 403, reason: stopped, detail: `the Airlock App's containment revoked this run's credentials; ${found.credential.id} is no longer resolved` };
        if (resolved) {
          if (!aws) headers2[found.header] = found.value(found.credential.real());
          headers2["accept-encoding"] = "identity";
        }
        return { headers: headers2, resolved };
      };
      const open2 = (path2, headers2, resolved) => {
        const request = httpRequest2({ method, path: path2, headers: headers2, agent: ctx.agents.agentFor(scheme, t.host, t.port) });
        request.on("response", (up) => void complete.then((ok) => ok ? answer(up, resolved) : up.destroy()));
        request.on("error", (e) => {
          if (aborted) return;
          const failed = { status: 502, reason: e instanceof UpstreamError ? e.code : "upstream-failed" };
          if (reading && stopReading) return stopReading(failed);
          if (!res.headersSent) refuse(failed.status, failed.reason);
          else res.destroy();
        });
        res.once("close", () => {
          if (!res.writableFinished) request.destroy();
        });
        return request;
      };
      const answer = (up, resolved) => {
        const status = up.statusCode ?? 502;
        let responseBytes = 0;
        const done = () => ctx.log(start, { kind, method, host: t.host.host, port: t.port, path: t.path, decision: "allow", ...audited ? { reason: audited } : {}, status, requestBytes, responseBytes, ...tags(), ...found ? { resolved } : {} });
        if (!scrubValues) {
          const out2 = forwardHeaders(up.headers);
          if (up.headers["content-length"] !== void 0) out2["content-length"] = up.headers["content-length"];
          res.writeHead(status, up.statusMessage, out2);
          up.on("data", (c) => responseBytes += c.length);
          up.pipe(res);
          res.once("close", done);
          up.once("error", () => res.destroy());
          return;
        }
        const decoder = responseDecoder(up.headers["content-encoding"]);
        if (decoder === null) {
          up.resume();
          return refuse(502, "upstream-encoding-unsupported");
        }
        const out = {};
        for (const [k, v] of Object.entries(forwardHeaders(up.headers))) {
          if (k === "content-encoding" || v === void 0) continue;
          out[k] = Array.isArray(v) ? v.map((x) => scrubString(scrubValues, x).text) : scrubString(scrubValues, String(v)).text;
        }
        if (method === "HEAD" && /^\d+$/.test(String(up.headers["content-length"]))) out["content-length"] = up.headers["content-length"];
        const scrubber = new StreamScrubber(scrubValues);
        const scrub = new Transform({
          transform(chunk, _enc, next) {
            const clean = scrubber.push(chunk);
            responseBytes += clean.length;
            next(null, clean);
          },
          flush(next) {
            const clean = scrubber.end();
            responseBytes += clean.length;
            next(null, clean);
          }
        });
        res.writeHead(status, out);
        res.once("close", done);
        const flow = decoder ? pipeline(up, decoder, scrub, res) : pipeline(up, scrub, res);
        flow.catch(() => res.destroy());
      };
      const forward = (request) => {
        const chunk = queue.shift();
        held -= chunk.length;
        ctx.budget.release(chunk.length);
        request.write(chunk);
        if (request.writableLength > HOLD_BYTES && !pauses.has("upstream")) {
          hold("upstream");
          request.once("drain", () => unhold("upstream"));
        }
      };
      let outcome = await new Promise((resolve) => {
        const stop = (refusal2) => {
          if (!reading) return;
          reading = false;
          req.off("data", onData);
          if (refusal2 !== "complete") req.pause();
          resolve(refusal2);
        };
        stopReading = stop;
        const onData = (chunk) => {
          requestBytes += chunk.length;
          if (requestBytes > cap) return stop({ status: 413, reason: "body-too-large" });
          if (!ctx.budget.take(chunk.length)) return stop({ status: 503, reason: "proxy-busy" });
          held += chunk.length;
          queue.push(chunk);
          const refusal2 = inspection.push(chunk);
          if (refusal2) return stop(refusal2);
          if (inspection.hookPending > HOLD_BYTES) {
            hold("hook");
            inspection.onHookDrain(() => unhold("hook"));
          }
          if (holdWhole || held - queue[0].length < HOLD_BYTES) return;
          if (!upstream) {
            const prepared2 = forwarded();
            if (!("headers" in prepared2)) return stop(prepared2);
            if (declared !== void 0) prepared2.headers["content-length"] = Number(declared);
            else prepared2.headers["transfer-encoding"] = "chunked";
            upstream = open2(url, prepared2.headers, prepared2.resolved);
          }
          while (queue.length > 0 && held - queue[0].length >= HOLD_BYTES) forward(upstream);
        };
        req.on("data", onData);
        req.once("end", () => stop("complete"));
        req.once("error", () => stop({ status: 400, reason: "body-aborted" }));
        req.once("close", () => {
          if (!req.complete) stop({ status: 400, reason: "body-aborted" });
        });
      });
      if (outcome === "complete") outcome = await inspection.end() ?? "complete";
      else inspection.abandon();
      if (outcome !== "complete") {
        aborted = true;
        upstream?.destroy();
        sent(false);
        return refuse(outcome.status, outcome.reason, outcome.detail);
      }
      if (upstream) {
        while (queue.length > 0) forward(upstream);
        upstream.end();
        sent(true);
        return;
      }
      let resign;
      if (aws) {
        const checked = await prepareAwsRequest({ binding: aws, target: t, method, headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(queue), now: (ctx.now ?? Date.now)() });
        if (!checked.ok) return refuse(403, checked.reason, checked.detail);
        const late = decide({ ...facts, aws: checked.facts });
        if (late) return refuse(late.status, late.reason, late.detail);
        resign = checked.resign;
      }
      const prepared = forwarded();
      if (!("headers" in prepared)) return refuse(prepared.status, prepared.reason, prepared.detail);
      let headers = prepared.headers;
      if (requestBytes > 0 || declared !== void 0) headers["content-length"] = requestBytes;
      let path = url;
      let payload;
      if (resign) {
        let resigned;
        try {
          resigned = await resign(headers);
        } catch {
          return refuse(502, "aws-resign-failed");
        }
        headers = resigned.headers;
        path = resigned.url ?? url;
        payload = resigned.body;
      }
      upstream = open2(path, headers, prepared.resolved);
      if (payload) upstream.end(payload);
      else {
        while (queue.length > 0) forward(upstream);
        upstream.end();
      }
      sent(true);
    } finally {
      release();
    }
  };
}

// src/egress/parse-proxy-target.ts
var fail = (reason) => ({ ok: false, reason });
function parsePort(raw) {
  if (!/^[1-9]\d{0,4}$/.test(raw)) return void 0;
  const n = Number(raw);
  return n <= 65535 ? n : void 0;
}
function parseAuthority(authority, defaultPort) {
  if (authority.includes("@")) return fail("userinfo");
  let hostPart;
  let portPart;
  if (authority.startsWith("[")) {
    const end = authority.indexOf("]");
    if (end < 0) return fail("bad-ipv6");
    hostPart = authority.slice(0, end + 1);
    const rest = authority.slice(end + 1);
    if (rest !== "" && !rest.startsWith(":")) return fail("bad-character");
    portPart = rest === "" ? void 0 : rest.slice(1);
  } else {
    const colon = authority.lastIndexOf(":");
    hostPart = colon < 0 ? authority : authority.slice(0, colon);
    portPart = colon < 0 ? void 0 : authority.slice(colon + 1);
  }
  const host = normalizeHost(hostPart);
  if (host.kind === "invalid") return fail(host.reason);
  let port = defaultPort;
  if (portPart !== void 0) {
    port = parsePort(portPart);
    if (port === void 0) return fail("bad-port");
  }
  if (port === void 0) return fail("missing-port");
  return { ok: true, target: { host, port, path: "", query: "" } };
}
var AMBIGUOUS_PATH = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)|%2f|%5c|\\|%00/i;
function parseAbsoluteTarget(requestTarget) {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(requestTarget);
  if (!scheme) return fail("not-a-proxy-request");
  const name = scheme[1].toLowerCase();
  if (name === "https") return fail("https-needs-connect");
  if (name !== "http") return fail("unsupported-scheme");
  if (requestTarget.includes("#")) return fail("fragment");
  const rest = requestTarget.slice(scheme[0].length);
  const end = rest.search(/[/?\\]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  if (end >= 0 && rest[end] === "\\") return fail("bad-character");
  const parsed = parseAuthority(authority, 80);
  if (!parsed.ok) return parsed;
  const pathAndQuery = end < 0 ? "/" : rest.slice(end);
  const q = pathAndQuery.indexOf("?");
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = q < 0 ? "" : pathAndQuery.slice(q);
  const fullPath = path === "" ? "/" : path;
  if (!fullPath.startsWith("/") || AMBIGUOUS_PATH.test(fullPath)) return fail("bad-path");
  return { ok: true, target: { ...parsed.target, path: fullPath, query } };
}
function parseOriginTarget(requestTarget, authority) {
  if (!requestTarget.startsWith("/")) return fail("not-a-proxy-request");
  if (requestTarget.includes("#")) return fail("fragment");
  const q = requestTarget.indexOf("?");
  const path = q < 0 ? requestTarget : requestTarget.slice(0, q);
  const query = q < 0 ? "" : requestTarget.slice(q);
  if (AMBIGUOUS_PATH.test(path)) return fail("bad-path");
  return { ok: true, target: { host: authority.host, port: authority.port, path, query } };
}
function parseConnectTarget(requestTarget) {
  if (/[/?#\\]/.test(requestTarget)) return fail("bad-character");
  return parseAuthority(requestTarget, void 0);
}
function hostHeaderTarget(value, defaultPort) {
  const parsed = parseAuthority(value, defaultPort);
  return parsed.ok ? parsed.target : void 0;
}

// src/egress/rate-limiter.ts
var RateLimiter = class {
  constructor(perMinute, burst, now = Date.now) {
    this.perMinute = perMinute;
    this.burst = burst;
    this.now = now;
  }
  perMinute;
  burst;
  now;
  buckets = /* @__PURE__ */ new Map();
  take(key) {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + (t - b.at) * this.perMinute / 6e4);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
};

// src/egress/tls-client-hello.ts
var MAX_CLIENT_HELLO_BYTES = 64 * 1024;
var RECORD_HANDSHAKE = 22;
var HANDSHAKE_CLIENT_HELLO = 1;
var EXT_SERVER_NAME = 0;
var EXT_ENCRYPTED_CLIENT_HELLO = 65037;
function handshakeBytes(data) {
  const parts = [];
  let have = 0;
  let need;
  let off = 0;
  while (need === void 0 || have < need) {
    if (data.length < off + 5)
      return data.length > MAX_CLIENT_HELLO_BYTES ? { status: "invalid", reason: "too-large" } : { status: "need-more" };
    if (data[off] !== RECORD_HANDSHAKE) return { status: "invalid", reason: "not-tls-handshake" };
    if (data[off + 1] !== 3) return { status: "invalid", reason: "not-tls-handshake" };
    const len = data.readUInt16BE(off + 3);
    if (data.length < off + 5 + len)
      return off + 5 + len > MAX_CLIENT_HELLO_BYTES ? { status: "invalid", reason: "too-large" } : { status: "need-more" };
    parts.push(data.subarray(off + 5, off + 5 + len));
    have += len;
    off += 5 + len;
    if (need === void 0 && have >= 4) {
      const first = Buffer.concat(parts);
      if (first[0] !== HANDSHAKE_CLIENT_HELLO)
        return { status: "invalid", reason: "not-client-hello" };
      need = 4 + first.readUIntBE(1, 3);
      if (need > MAX_CLIENT_HELLO_BYTES) return { status: "invalid", reason: "too-large" };
    }
  }
  return Buffer.concat(parts).subarray(0, need);
}
function readClientHelloSni(data) {
  const hs = handshakeBytes(data);
  if (!Buffer.isBuffer(hs)) return hs;
  const malformed = { status: "invalid", reason: "malformed" };
  let p = 4 + 2 + 32;
  if (hs.length < p + 1) return malformed;
  p += 1 + hs[p];
  if (hs.length < p + 2) return malformed;
  p += 2 + hs.readUInt16BE(p);
  if (hs.length < p + 1) return malformed;
  p += 1 + hs[p];
  if (hs.length === p) return { status: "sni", serverName: void 0 };
  if (hs.length < p + 2) return malformed;
  const extEnd = p + 2 + hs.readUInt16BE(p);
  if (extEnd > hs.length) return malformed;
  p += 2;
  let serverName;
  while (p < extEnd) {
    if (p + 4 > extEnd) return malformed;
    const type = hs.readUInt16BE(p);
    const len = hs.readUInt16BE(p + 2);
    const body = hs.subarray(p + 4, p + 4 + len);
    if (body.length !== len) return malformed;
    if (type === EXT_ENCRYPTED_CLIENT_HELLO) return { status: "invalid", reason: "ech" };
    if (type === EXT_SERVER_NAME) {
      if (serverName !== void 0 || len < 2) return malformed;
      const listEnd = 2 + body.readUInt16BE(0);
      if (listEnd > len) return malformed;
      let q = 2;
      while (q < listEnd) {
        if (q + 3 > listEnd) return malformed;
        const nameType = body[q];
        const nameLen = body.readUInt16BE(q + 1);
        if (q + 3 + nameLen > listEnd) return malformed;
        if (nameType === 0) {
          if (serverName !== void 0) return malformed;
          serverName = body.subarray(q + 3, q + 3 + nameLen).toString("latin1");
        }
        q += 3 + nameLen;
      }
    }
    p += 4 + len;
  }
  return { status: "sni", serverName };
}

// src/egress/upstream-agent.ts
import { Agent } from "node:http";
import { connect as tlsConnect } from "node:tls";
var UpstreamAgent = class extends Agent {
  constructor(target, connectUpstream, ca) {
    super({ keepAlive: true, maxSockets: 32, maxFreeSockets: 8, timeout: 6e4 });
    this.target = target;
    this.connectUpstream = connectUpstream;
    this.ca = ca;
  }
  target;
  connectUpstream;
  ca;
  createConnection(_options, callback) {
    const done = callback ?? (() => void 0);
    const { host, port, tls } = this.target;
    this.connectUpstream(host, port).then(
      (socket) => {
        if (!tls) return done(null, socket);
        const secure = tlsConnect({
          socket,
          // Certificate identity is checked against the name (or IP) the request was allowed for.
          host: host.host,
          ...host.kind === "name" ? { servername: host.host } : {},
          ca: [...this.ca],
          rejectUnauthorized: true,
          minVersion: "TLSv1.2",
          ALPNProtocols: ["http/1.1"]
        });
        secure.once("secureConnect", () => {
          secure.removeAllListeners("error");
          done(null, secure);
        });
        secure.once("error", (e) => {
          socket.destroy();
          done(e, secure);
        });
      },
      (error) => done(error, void 0)
    );
    return void 0;
  }
};
function upstreamAgents(connectUpstream, ca) {
  const agents = /* @__PURE__ */ new Map();
  return {
    agentFor(scheme, host, port) {
      const key = `${scheme}://${host.host}:${port}`;
      let agent = agents.get(key);
      if (!agent) {
        agent = new UpstreamAgent({ host, port, tls: scheme === "https" }, connectUpstream, ca);
        agents.set(key, agent);
      }
      return agent;
    },
    destroy() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    }
  };
}

// src/egress/egress-proxy.ts
var AUDITABLE = /* @__PURE__ */ new Set(["host-not-allowed", "ip-literal-not-allowed", "port-not-allowed", "method-not-allowed", "path-not-allowed", "connect-bypasses-rules", "connect-not-allowed"]);
async function startEgressProxy(options) {
  const compiled2 = compileEgressPolicy(options.policy);
  const now = options.now ?? Date.now;
  const limiter = new RateLimiter(options.policy.requestsPerMinute, options.policy.burst, now);
  const connectUpstream = options.connectUpstream ?? connectPublicUpstream();
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 1e4;
  const requestTimeout = options.requestTimeoutMs ?? 12e4;
  const credentials = options.credentials;
  if (credentials && !options.authority && credentials.bindings.some((b) => !b.resolvedDownstream))
    throw new Error("egress proxy: credentials bound to hosts need an authority to terminate their TLS");
  const budgetBytes = options.policy.maxBufferedBytes;
  const audit = options.enforcement === "audit";
  let buffered = 0;
  const agents = upstreamAgents(connectUpstream, options.upstreamCa ?? runnerTrustStore());
  const log = (start, record) => {
    options.onLog({
      time: new Date(start).toISOString(),
      durationMs: now() - start,
      ...record,
      path: record.path.slice(0, 200)
    });
  };
  const inspect = createRequestInspector({
    credentials,
    decide: options.decide,
    approve: options.approve,
    protectedValues: options.protectedValues,
    inspectBody: options.inspectBody,
    agents,
    maxRequestBodyBytes: options.policy.maxRequestBodyBytes,
    now,
    // A budget over all held bodies keeps many slow uploads from exhausting memory (THREATS.md §E 27).
    budget: {
      take: (bytes) => {
        if (buffered + bytes > budgetBytes) return false;
        buffered += bytes;
        return true;
      },
      release: (bytes) => {
        buffered -= bytes;
      }
    },
    log
  });
  const refuseEarly = (res, start, kind, method, status, reason, t) => {
    log(start, { kind, method, host: t?.host.host ?? "", port: t?.port, path: t?.path ?? "", decision: "deny", reason, status, requestBytes: 0, responseBytes: 0 });
    res.writeHead(status, { "content-type": "text/plain", connection: "close", "x-airlock-egress": reason });
    res.end(`airlock egress: ${reason}
`);
  };
  const handleTargeted = (req, res, t, scheme, start) => {
    const method = req.method ?? "GET";
    const hostHeader = req.headers.host === void 0 ? void 0 : hostHeaderTarget(req.headers.host, scheme === "https" ? 443 : 80) ?? "unparseable";
    if (scheme === "https" && hostHeader === void 0) return refuseEarly(res, start, scheme, method, 403, "host-header-mismatch", t);
    const decision = decideHttpRequest(method, t, hostHeader, compiled2);
    const audited = !decision.allow && audit && AUDITABLE.has(decision.reason) ? `audit:${decision.reason}` : void 0;
    if (!decision.allow && !audited) return refuseEarly(res, start, scheme, method, decision.status, decision.reason, t);
    if (!limiter.take(t.host.host)) return refuseEarly(res, start, scheme, method, 429, "rate-limited", t);
    return inspect(req, res, t, scheme, start, audited);
  };
  const handleRequest = async (req, res) => {
    const start = now();
    const parsed = parseAbsoluteTarget(req.url ?? "");
    if (!parsed.ok) return refuseEarly(res, start, "http", req.method ?? "GET", 400, parsed.reason);
    await handleTargeted(req, res, parsed.target, "http", start);
  };
  const tunnelTargets = /* @__PURE__ */ new WeakMap();
  const inner = createServer({ headersTimeout: handshakeTimeoutMs, requestTimeout }, (req, res) => {
    const start = now();
    const tunnel = tunnelTargets.get(req.socket);
    const parsed = tunnel ? parseOriginTarget(req.url ?? "", tunnel.target) : void 0;
    if (!tunnel || !parsed?.ok) {
      refuseEarly(res, start, tunnel?.scheme ?? "https", req.method ?? "GET", 400, parsed && !parsed.ok ? parsed.reason : "not-a-proxy-request", tunnel?.target);
      return;
    }
    handleTargeted(req, res, parsed.target, tunnel.scheme, start)?.catch(() => res.destroy());
  });
  const plainTunnels = new Set((options.plainTunnelHosts ?? []).map((h) => normalizeHost(h)).flatMap((h) => h.kind === "invalid" ? [] : [h.host]));
  inner.on("upgrade", (_req, socket) => refuseUpgrade(socket, _req.method ?? ""));
  inner.on("connect", (_req, socket) => socket.destroy());
  inner.on("clientError", (_err, socket) => socket.destroy());
  const contexts = /* @__PURE__ */ new Map();
  const contextFor = (t) => {
    let context = contexts.get(t.host.host);
    if (!context) {
      const issued = options.authority.issueServerCertificate([t.host.host]);
      context = createSecureContext({ key: issued.keyPem, cert: issued.certPem, minVersion: "TLSv1.2" });
      contexts.set(t.host.host, context);
    }
    return context;
  };
  const terminate = (client, hello, t) => {
    client.unshift(hello);
    const secure = new TLSSocket(client, { isServer: true, secureContext: contextFor(t), ALPNProtocols: ["http/1.1"] });
    secure.on("error", () => secure.destroy());
    tunnelTargets.set(secure, { target: t, scheme: "https" });
    inner.emit("connection", secure);
  };
  const refuseUpgrade = (socket, method) => {
    const start = now();
    log(start, { kind: "upgrade", method, host: "", port: void 0, path: "", decision: "deny", reason: "upgrade-refused", status: 403, requestBytes: 0, responseBytes: 0 });
    socket.end("HTTP/1.1 403 Forbidden\r\nconnection: close\r\nx-airlock-egress: upgrade-refused\r\n\r\n");
  };
  const handleConnect = (req, client, head) => {
    const start = now();
    const parsed = parseConnectTarget(req.url ?? "");
    const deny = (status, reason, host = "", port) => {
      log(start, {
        kind: "connect",
        method: "CONNECT",
        host,
        port,
        path: "",
        decision: "deny",
        reason,
        status,
        requestBytes: 0,
        responseBytes: 0
      });
      client.end(
        `HTTP/1.1 ${status} Forbidden\r
connection: close\r
x-airlock-egress: ${reason}\r
\r
`
      );
    };
    if (!parsed.ok) return deny(400, parsed.reason);
    const t = parsed.target;
    const plain = plainTunnels.has(t.host.host);
    const terminated = plain || (credentials?.terminates(t.host, t.port) ?? false);
    const decision = decideConnect(t, compiled2, terminated);
    const audited = !decision.allow && audit && AUDITABLE.has(decision.reason) ? `audit:${decision.reason}` : void 0;
    if (!decision.allow && !audited) return deny(decision.status, decision.reason, t.host.host, t.port);
    if (!limiter.take(t.host.host)) return deny(429, "rate-limited", t.host.host, t.port);
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (plain) {
      log(start, { kind: "connect", method: "CONNECT", host: t.host.host, port: t.port, path: "", decision: "allow", reason: "terminated", status: 200, requestBytes: 0, responseBytes: 0 });
      const socket = client;
      if (head.length) socket.unshift(head);
      tunnelTargets.set(socket, { target: t, scheme: "http" });
      inner.emit("connection", socket);
      socket.resume();
      return;
    }
    let buffered2 = head;
    let settled = false;
    const reject = (reason) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      log(start, {
        kind: "connect",
        method: "CONNECT",
        host: t.host.host,
        port: t.port,
        path: "",
        decision: "deny",
        reason,
        status: 200,
        requestBytes: buffered2.length,
        responseBytes: 0
      });
      client.destroy();
    };
    const timer = setTimeout(() => reject("tls-hello-timeout"), handshakeTimeoutMs);
    const examine = () => {
      const hello = readClientHelloSni(buffered2);
      if (hello.status === "need-more") return;
      client.off("data", onData);
      client.pause();
      if (hello.status === "invalid") return reject(`tls-${hello.reason}`);
      const sni = hello.serverName === void 0 ? void 0 : normalizeHost(hello.serverName);
      const matches = sni === void 0 ? t.host.kind !== "name" : sni.kind !== "invalid" && sni.host === t.host.host;
      if (!matches) return reject("sni-mismatch");
      settled = true;
      clearTimeout(timer);
      if (!terminated) return void tunnel();
      log(start, { kind: "connect", method: "CONNECT", host: t.host.host, port: t.port, path: "", decision: "allow", reason: "terminated", status: 200, requestBytes: 0, responseBytes: 0 });
      terminate(client, buffered2, t);
    };
    const onData = (c) => {
      buffered2 = Buffer.concat([buffered2, c]);
      examine();
    };
    const tunnel = async () => {
      let upstream;
      try {
        upstream = await connectUpstream(t.host, t.port);
      } catch (e) {
        log(start, {
          kind: "connect",
          method: "CONNECT",
          host: t.host.host,
          port: t.port,
          path: "",
          decision: "deny",
          reason: e instanceof UpstreamError ? e.code : "connect-failed",
          status: 502,
          requestBytes: 0,
          responseBytes: 0
        });
        client.destroy();
        return;
      }
      let requestBytes = buffered2.length;
      let responseBytes = 0;
      upstream.write(buffered2);
      client.on("data", (c) => requestBytes += c.length);
      upstream.on("data", (c) => responseBytes += c.length);
      client.pipe(upstream);
      upstream.pipe(client);
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        client.destroy();
        upstream.destroy();
        log(start, {
          kind: "connect",
          method: "CONNECT",
          host: t.host.host,
          port: t.port,
          path: "",
          decision: "allow",
          ...audited ? { reason: audited } : {},
          status: 200,
          requestBytes,
          responseBytes
        });
      };
      for (const s of [client, upstream]) {
        s.on("error", close);
        s.on("close", close);
      }
    };
    client.on("error", () => reject("client-error"));
    client.on("data", onData);
    examine();
  };
  const sockets = /* @__PURE__ */ new Set();
  const server = createServer(
    { headersTimeout: handshakeTimeoutMs, requestTimeout },
    (req, res) => {
      handleRequest(req, res).catch(() => res.destroy());
    }
  );
  server.maxConnections = options.policy.maxConnections;
  server.on("connection", (s) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  server.on("connect", handleConnect);
  server.on("upgrade", (req, socket) => refuseUpgrade(socket, req.method ?? ""));
  server.on("clientError", (_err, socket) => socket.destroy());
  await rm(options.socketPath, { force: true });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.socketPath, () => resolve());
  });
  await chmod(options.socketPath, 384);
  return {
    socketPath: options.socketPath,
    stats: () => ({ bufferedBytes: buffered, connections: sockets.size }),
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      inner.closeAllConnections();
      for (const s of sockets) s.destroy();
      agents.destroy();
    })
  };
}

// src/sandbox/run-sandboxed.ts
import { access as access2, constants as constants2, mkdtemp as mkdtemp2, realpath as realpath2, rm as rm3, stat as stat2, writeFile as writeFile2 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join3 } from "node:path";

// src/sandbox/sandbox-facts.ts
var AGENT_UID = 1e3;
var AGENT_GID = 1e3;
var SANDBOX_HOME = "/home/agent";
var TRUST_DIR = "/run/airlock";
var EGRESS_SOCKET_INSIDE = `${TRUST_DIR}/egress.sock`;
var DEFAULT_PROXY_PORT = 3128;
var DEFAULT_TMPFS_BYTES = 2 * 1024 * 1024 * 1024;
var RUN_TMPFS_BYTES = 16 * 1024 * 1024;
var SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
var DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
var FILE_TARGETS = [`${TRUST_DIR}/`, `${SANDBOX_HOME}/`, "/etc/claude-code/"];
var trustVariables = () => ({
  SSL_CERT_FILE: `${TRUST_DIR}/ca-bundle.pem`,
  CURL_CA_BUNDLE: `${TRUST_DIR}/ca-bundle.pem`,
  GIT_SSL_CAINFO: `${TRUST_DIR}/ca-bundle.pem`,
  REQUESTS_CA_BUNDLE: `${TRUST_DIR}/ca-bundle.pem`,
  NODE_EXTRA_CA_CERTS: `${TRUST_DIR}/ca.pem`
});
var proxyVariables = (port) => {
  const url = `http://127.0.0.1:${port}`;
  return { HTTP_PROXY: url, HTTPS_PROXY: url, http_proxy: url, https_proxy: url, NODE_USE_ENV_PROXY: "1" };
};
function fixedVariables(input) {
  return {
    HOME: SANDBOX_HOME,
    TMPDIR: "/tmp",
    USER: "agent",
    LOGNAME: "agent",
    ...input.proxyPort !== void 0 ? proxyVariables(input.proxyPort) : {},
    ...input.trust ? trustVariables() : {}
  };
}
function identityFiles(uid, gid) {
  return [
    {
      name: "passwd",
      text: `root:x:0:0:root:/root:/usr/sbin/nologin
agent:x:${uid}:${gid}:airlock agent:${SANDBOX_HOME}:/bin/bash
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
`
    },
    { name: "group", text: `root:x:0:
agent:x:${gid}:
nogroup:x:65534:
` },
    { name: "hosts", text: "127.0.0.1 localhost airlock\n::1 localhost\n" }
  ];
}
function trustFiles(trust, systemBundles) {
  return [
    { source: trust.caFile, target: `${TRUST_DIR}/ca.pem` },
    { source: trust.bundleFile, target: `${TRUST_DIR}/ca-bundle.pem` },
    ...systemBundles.map((target) => ({ source: trust.bundleFile, target }))
  ];
}

// src/sandbox/bwrap-arguments.ts
function isolationArguments(layout) {
  const args = [
    "--unshare-all",
    "--unshare-user",
    "--disable-userns",
    "--uid",
    String(layout.uid),
    "--gid",
    String(layout.gid),
    "--hostname",
    "airlock",
    "--die-with-parent",
    "--new-session",
    "--cap-drop",
    "ALL"
  ];
  if (layout.seccompFd !== void 0) args.push("--seccomp", String(layout.seccompFd));
  return args;
}
function rootArguments(entries) {
  const args = ["--ro-bind", "/usr", "/usr"];
  for (const e of entries)
    args.push(
      ...e.symlinkTo !== void 0 ? ["--symlink", e.symlinkTo, e.path] : ["--ro-bind", e.path, e.path]
    );
  return args;
}
function probeArguments(layout) {
  return [
    ...isolationArguments(layout),
    ...rootArguments(layout.rootEntries),
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--",
    "/bin/true"
  ];
}
function bwrapArguments(layout) {
  const args = [...isolationArguments(layout), ...rootArguments(layout.rootEntries)];
  for (const p of layout.etcPaths) args.push("--ro-bind", p, p);
  for (const f of layout.generatedFiles) args.push("--ro-bind", f.source, f.target);
  args.push("--proc", "/proc", "--dev", "/dev");
  for (const t of ["/tmp", "/var/tmp", layout.home])
    args.push("--size", String(layout.tmpfsBytes), "--tmpfs", t);
  args.push("--size", String(RUN_TMPFS_BYTES), "--tmpfs", "/run");
  for (const p of layout.readOnlyPaths) args.push("--ro-bind", p, p);
  for (const f of layout.runFiles ?? []) args.push("--ro-bind", f.source, f.target);
  if (layout.egressSocket)
    args.push("--ro-bind", layout.egressSocket.host, layout.egressSocket.inside);
  args.push("--bind", layout.workspace, layout.workspace, "--chdir", layout.workspace);
  args.push("--");
  return args;
}

// src/sandbox/egress-bridge.ts
var NODE_SOURCE = [
  "const net=require('net'),cp=require('child_process'),os=require('os');",
  "const [port,sock,...cmd]=process.argv.slice(1);",
  "const srv=net.createServer({allowHalfOpen:true},(c)=>{",
  "  const u=net.connect({path:sock,allowHalfOpen:true});",
  "  const k=()=>{c.destroy();u.destroy();};",
  "  c.on('error',k);u.on('error',k);c.pipe(u);u.pipe(c);",
  "});",
  "srv.on('error',(e)=>{process.stderr.write('airlock bridge: '+e.message+'\\n');process.exit(125);});",
  "srv.listen(Number(port),'127.0.0.1',()=>{",
  "  const ch=cp.spawn(cmd[0],cmd.slice(1),{stdio:'inherit'});",
  "  ch.on('error',(e)=>{process.stderr.write('airlock: '+e.message+'\\n');process.exit(127);});",
  "  ch.on('exit',(code,sig)=>process.exit(code===null?128+(os.constants.signals[sig]||0):code));",
  "});"
].join("\n");
var PERL_SOURCE = [
  "use strict; use warnings; use IO::Socket::INET; use IO::Socket::UNIX; use IO::Select; use POSIX ();",
  "my ($port, $path, @cmd) = @ARGV;",
  `my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $port, Listen => 128, ReuseAddr => 1, Proto => 'tcp') or do { print STDERR "airlock bridge: $!\\n"; exit 125 };`,
  "my $loop = fork();",
  'if (!defined $loop) { print STDERR "airlock bridge: fork: $!\\n"; exit 125 }',
  "if ($loop == 0) {",
  "  $SIG{CHLD} = 'IGNORE';",
  "  while (1) {",
  "    my $c = $l->accept or do { select(undef, undef, undef, 0.05); next };",
  "    my $pid = fork();",
  "    if (defined $pid && $pid == 0) { close $l; relay($c); POSIX::_exit(0) }",
  "    close $c;",
  "  }",
  "}",
  "close $l;",
  'exec { $cmd[0] } @cmd or do { print STDERR "airlock: $cmd[0]: $!\\n"; exit 127 };',
  "sub relay {",
  "  my ($c) = @_;",
  "  my $u = IO::Socket::UNIX->new(Peer => $path, Type => SOCK_STREAM()) or return;",
  "  my %to = (fileno($c) => $u, fileno($u) => $c);",
  "  my $sel = IO::Select->new($c, $u);",
  "  while ($sel->count) {",
  "    for my $s ($sel->can_read) {",
  "      my $n = sysread($s, my $buf, 65536);",
  "      if (!$n) { $sel->remove($s); shutdown($to{fileno $s}, 1); next }",
  "      my $off = 0;",
  "      while ($off < $n) { my $w = syswrite($to{fileno $s}, $buf, $n - $off, $off); return unless defined $w; $off += $w }",
  "    }",
  "  }",
  "}"
].join("\n");
function bridgeArgv(kind, interpreter, port, socketPath) {
  return [interpreter, "-e", kind === "perl" ? PERL_SOURCE : NODE_SOURCE, String(port), socketPath];
}

// src/sandbox/host-bridge.ts
import { connect as connect2, createServer as createServer2 } from "node:net";
async function startHostBridge(socketPath) {
  const open2 = /* @__PURE__ */ new Set();
  const server = createServer2({ allowHalfOpen: true }, (client) => {
    open2.add(client);
    client.on("close", () => open2.delete(client));
    const upstream = connect2({ path: socketPath, allowHalfOpen: true });
    const kill = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", kill);
    upstream.on("error", kill);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("host bridge has no TCP address");
  return {
    port: address.port,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      for (const c of open2) c.destroy();
    })
  };
}

// src/sandbox/host-layout.ts
import { lstat, readlink } from "node:fs/promises";
var ROOT_DIRS = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];
var ETC_PATHS = [
  "/etc/ld.so.cache",
  "/etc/ld.so.conf",
  "/etc/ld.so.conf.d",
  "/etc/alternatives",
  // Certificates only: /etc/ssl/private and /etc/pki/tls/private hold host keys (and when the
  // Action runs as root, the agent's mapped uid owns root's files inside the user namespace).
  "/etc/ssl/certs",
  "/etc/ssl/openssl.cnf",
  "/etc/ca-certificates",
  "/etc/pki/tls/certs",
  "/etc/pki/ca-trust",
  "/etc/localtime",
  "/etc/nsswitch.conf",
  "/etc/services",
  "/etc/protocols",
  "/etc/os-release"
];
async function exists(p) {
  return lstat(p).then(
    () => true,
    () => false
  );
}
async function readRootEntries() {
  const out = [];
  for (const path of ROOT_DIRS) {
    const st = await lstat(path).catch(() => void 0);
    if (!st) continue;
    if (st.isSymbolicLink()) out.push({ path, symlinkTo: await readlink(path) });
    else if (st.isDirectory()) out.push({ path });
  }
  return out;
}
async function readEtcPaths() {
  const out = [];
  for (const p of ETC_PATHS) if (await exists(p)) out.push(p);
  return out;
}

// src/sandbox/probe-sandbox.ts
import { spawn } from "node:child_process";
import { access, constants, readFile } from "node:fs/promises";
import { delimiter, isAbsolute, join } from "node:path";

// src/sandbox/diagnose-probe-failure.ts
var NONE_HINT = "The agent was not started. Running it without a sandbox requires `sandbox: none` in the workflow, which gives it the runner's files and network.";
function diagnoseProbeFailure(f) {
  const detail = f.stderr.trim().split("\n").slice(-3).join(" | ").slice(0, 500);
  if (f.spawnError === "ENOENT") {
    return new SandboxError(
      "bwrap-missing",
      `bubblewrap (bwrap) is not installed or not on PATH. Install it (\`sudo apt-get install -y bubblewrap\`) before this step. ${NONE_HINT}`
    );
  }
  if (f.spawnError)
    return new SandboxError(
      "bwrap-missing",
      `bubblewrap (bwrap) could not be started (${f.spawnError}). ${NONE_HINT}`
    );
  if (/unknown option|unrecognized option/i.test(f.stderr)) {
    return new SandboxError(
      "bwrap-too-old",
      `bubblewrap is too old for the options Airlock needs (--disable-userns needs 0.8.0 or later): ${detail}. ${NONE_HINT}`
    );
  }
  if (f.maxUserNamespaces === "0" || f.uid !== 0 && f.unprivilegedUsernsClone === "0") {
    return new SandboxError(
      "userns-disabled",
      `user namespaces are disabled on this host (${f.maxUserNamespaces === "0" ? "user.max_user_namespaces=0" : "kernel.unprivileged_userns_clone=0"}), so bubblewrap cannot create the sandbox: ${detail}. Fix: \`sudo sysctl -w ${f.maxUserNamespaces === "0" ? "user.max_user_namespaces=15000" : "kernel.unprivileged_userns_clone=1"}\` in a step before this one. ${NONE_HINT}`
    );
  }
  if (f.uid !== 0 && f.apparmorRestrictUserns === "1") {
    return new SandboxError(
      "userns-restricted",
      `AppArmor restricts unprivileged user namespaces on this host (kernel.apparmor_restrict_unprivileged_userns=1, the Ubuntu 24.04 default), so bubblewrap cannot set up the sandbox: ${detail}. Fix, in a step before this one, for bubblewrap alone: \`printf 'abi <abi/4.0>,\\ninclude <tunables/global>\\nprofile airlock-bwrap /usr/bin/bwrap flags=(unconfined) {\\n  userns,\\n}\\n' | sudo tee /etc/apparmor.d/airlock-bwrap && sudo apparmor_parser --replace /etc/apparmor.d/airlock-bwrap\`, or for every program: \`sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0\`. ` + NONE_HINT
    );
  }
  return new SandboxError(
    "namespaces-unavailable",
    `bubblewrap could not create the sandbox's namespaces (exit ${f.exitCode ?? "signal"}): ${detail || "no output"}. Inside a container, namespaces need a privileged container or a seccomp/AppArmor profile that allows unshare and mount. ` + NONE_HINT
  );
}

// src/sandbox/probe-sandbox.ts
async function findBwrap(name, pathEnv) {
  const executable2 = (p) => access(p, constants.X_OK).then(
    () => true,
    () => false
  );
  const candidates = isAbsolute(name) ? [name] : (pathEnv ?? "/usr/bin:/bin").split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  for (const candidate of candidates) if (await executable2(candidate)) return candidate;
  throw diagnoseProbeFailure({
    spawnError: "ENOENT",
    exitCode: null,
    stderr: "",
    uid: process.getuid?.() ?? -1
  });
}
async function sysctl(path) {
  return readFile(path, "utf8").then(
    (s) => s.trim(),
    () => void 0
  );
}
var SECCOMP_FD = 3;
async function probeSandbox(input) {
  const args = probeArguments({
    uid: input.uid,
    gid: input.gid,
    rootEntries: input.rootEntries,
    ...input.seccomp ? { seccompFd: SECCOMP_FD } : {}
  });
  const result2 = await new Promise(
    (resolve) => {
      const child = spawn(input.bwrapPath, args, {
        stdio: ["ignore", "ignore", "pipe", ...input.seccomp ? ["pipe"] : []],
        env: {},
        timeout: input.timeoutMs ?? 1e4,
        killSignal: "SIGKILL"
      });
      let stderr = "";
      child.stderr?.on(
        "data",
        (c) => stderr = (stderr + c.toString("utf8")).slice(-4096)
      );
      child.on("error", (e) => {
        for (const s of child.stdio) s?.destroy();
        resolve({ code: null, stderr, spawnError: e.code ?? e.message });
      });
      child.on("close", (code) => resolve({ code, stderr }));
      if (input.seccomp) {
        const fd = child.stdio[SECCOMP_FD];
        fd?.on("error", () => void 0);
        fd?.end(input.seccomp);
      }
    }
  );
  if (result2.code === 0 && !result2.spawnError) return;
  const facts = {
    ...result2.spawnError ? { spawnError: result2.spawnError } : {},
    exitCode: result2.code,
    stderr: result2.stderr,
    uid: process.getuid?.() ?? -1,
    ...optional(
      "apparmorRestrictUserns",
      await sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns")
    ),
    ...optional(
      "unprivilegedUsernsClone",
      await sysctl("/proc/sys/kernel/unprivileged_userns_clone")
    ),
    ...optional("maxUserNamespaces", await sysctl("/proc/sys/user/max_user_namespaces"))
  };
  throw diagnoseProbeFailure(facts);
}
function optional(key, value) {
  return value === void 0 ? {} : { [key]: value };
}

// src/sandbox/run-container.ts
import { spawn as spawn4 } from "node:child_process";
import { randomBytes } from "node:crypto";
import { lchown, lstat as lstat2, mkdtemp, readdir, readFile as readFile3, rm as rm2, writeFile } from "node:fs/promises";
import { tmpdir, totalmem } from "node:os";
import { join as join2 } from "node:path";

// src/sandbox/sandbox-launcher.ts
var STARTED_FD = 4;
var CLOSE_INHERITED_FDS = `printf started >&${STARTED_FD} 2>/dev/null; for f in /proc/self/fd/*; do n=\${f##*/}; case $n in 0|1|2) ;; *) eval "exec $n>&-" 2>/dev/null;; esac; done; exec "$@"`;
var SANDBOX_SHELL = "/bin/bash";
function agentArgv(command) {
  return [SANDBOX_SHELL, "--noprofile", "--norc", "-eo", "pipefail", "-c", command];
}
function launcherArgv(command, bridgePrefix = []) {
  const inner = [...bridgePrefix, ...agentArgv(command)];
  return [
    SANDBOX_SHELL,
    "--noprofile",
    "--norc",
    "-c",
    CLOSE_INHERITED_FDS,
    "airlock-launcher",
    ...inner
  ];
}

// src/sandbox/container-arguments.ts
var ENVIRON_INSIDE = `${TRUST_DIR}/environ`;
var RUN_LABEL = "dev.airlock.run";
function mountPath(path) {
  if (/[,\n\r]/.test(path)) throw new SandboxError("invalid-options", `${JSON.stringify(path)} cannot be bound into a container (it contains a comma or a line break); move it`);
  return path;
}
var bind = (source, target, readOnly) => ["--mount", `type=bind,src=${mountPath(source)},dst=${mountPath(target)}${readOnly ? ",ro" : ""}`];
function containerRunArguments(layout) {
  const podman = layout.engine === "podman";
  const tmpfs = (path, options) => ["--tmpfs", `${mountPath(path)}:${options}`];
  const homeOwner = podman ? "U" : `uid=${layout.uid},gid=${layout.gid}`;
  const args = [
    "run",
    "--rm",
    "--name",
    layout.name,
    "--label",
    `${RUN_LABEL}=${layout.name}`,
    // The local store only: a pull would run whatever a registry serves at that moment.
    "--pull",
    "never",
    // Loopback only; the egress proxy is reached through its socket, bound below.
    "--network",
    "none",
    "--hostname",
    "airlock",
    "--ipc",
    "private",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    ...layout.seccompProfile ? ["--security-opt", `seccomp=${mountPath(layout.seccompProfile)}`] : [],
    "--read-only",
    // Podman would add its own writable /tmp, /var/tmp, /run and /dev/shm; the tmpfs mounts below are the only writable ones.
    ...podman ? ["--read-only-tmpfs=false"] : [],
    "--user",
    `${layout.uid}:${layout.gid}`,
    ...layout.keepId ? ["--userns", `keep-id:uid=${layout.uid},gid=${layout.gid}`] : [],
    "--memory",
    String(layout.memoryBytes),
    "--memory-swap",
    String(layout.memoryBytes),
    "--pids-limit",
    String(layout.pidsLimit),
    // Podman's defaults (1048576) exceed the hard limits many hosts set, and the run would be refused.
    "--ulimit",
    `nofile=${layout.nofile}:${layout.nofile}`,
    "--ulimit",
    `nproc=${layout.nproc}:${layout.nproc}`,
    // The output reaches the Action through the attached client only, never an engine log on disk.
    "--log-driver",
    "none",
    ...(layout.clearedVariables ?? []).flatMap((n) => ["--env", `${n}=`]),
    ...tmpfs("/tmp", `rw,exec,nosuid,nodev,size=${layout.tmpfsBytes},mode=1777`),
    ...tmpfs("/var/tmp", `rw,exec,nosuid,nodev,size=${layout.tmpfsBytes},mode=1777`),
    ...tmpfs(layout.home, `rw,exec,nosuid,nodev,size=${layout.tmpfsBytes},mode=0700,${homeOwner}`),
    ...tmpfs("/run", `rw,nosuid,nodev,size=${RUN_TMPFS_BYTES},mode=1777`)
  ];
  for (const f of layout.runFiles) args.push(...bind(f.source, f.target, true));
  for (const p of layout.readOnlyPaths) args.push(...bind(p, p, true));
  if (layout.egressSocket) args.push(...bind(layout.egressSocket.host, layout.egressSocket.inside, true));
  args.push(...bind(layout.workspace, layout.workspace, false), "--workdir", layout.workspace);
  if (layout.imageEntrypoint) args.push(layout.image, SANDBOX_SHELL);
  else args.push("--entrypoint", SANDBOX_SHELL, layout.image);
  return args;
}
function removeArguments(engine, name) {
  return engine === "podman" ? ["rm", "--force", "--time", "0", "--ignore", name] : ["rm", "--force", name];
}
function containerLauncherArgv(marker, command, bridgePrefix = []) {
  const prelude = [
    `printf '%s\\n' ${marker} >&2`,
    'for n in $(compgen -e); do unset "$n" 2>/dev/null; done',
    `while IFS= read -r -d '' kv; do export "$kv"; done < ${ENVIRON_INSIDE}`,
    'exec "$@"'
  ].join("\n");
  return ["--noprofile", "--norc", "-c", prelude, "airlock-launcher", ...bridgePrefix, ...agentArgv(command)];
}
function environFile(env) {
  const parts = [];
  const unexportable = [];
  for (const [name, value] of Object.entries(env)) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) parts.push(`${name}=${value}\0`);
    else unexportable.push(name);
  }
  return { text: parts.join(""), unexportable };
}

// src/sandbox/container-probe.ts
var PROBE_SCRIPT = [
  "set +e",
  `while IFS=$' \\t' read -r k v; do case $k in Uid:|Gid:|CapInh:|CapPrm:|CapEff:|CapBnd:|CapAmb:|NoNewPrivs:|Seccomp:) echo "\${k%:}=$v";; esac; done < /proc/self/status`,
  'while IFS= read -r line; do case $line in *:*) n=${line%%:*}; echo "iface=${n// /}";; esac; done < /proc/net/dev',
  "[ -x /usr/bin/perl ] && echo perl=/usr/bin/perl",
  'n=$(command -v node) && echo "node=$n"',
  'for f in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/cert.pem; do [ -f "$f" ] && echo "bundle=$f"; done',
  "[[ $(< /etc/passwd) == *'airlock agent'* ]] && echo identity=synthetic",
  '[ -w "$PWD" ] && echo workspace=writable',
  "echo probe=done"
].join("\n");
function readProbeReport(stdout, expected) {
  const values = /* @__PURE__ */ new Map();
  for (const line of stdout.split("\n")) {
    const at = line.indexOf("=");
    if (at > 0) values.set(line.slice(0, at), [...values.get(line.slice(0, at)) ?? [], line.slice(at + 1)]);
  }
  const one2 = (key) => values.get(key)?.[0];
  if (one2("probe") !== "done") throw new SandboxError("container-refused", `the container probe did not finish (it printed ${JSON.stringify(stdout.slice(-300))}); the agent did not run`);
  const problems = [];
  const ids = (key) => (one2(key) ?? "").split(/\s+/).filter(Boolean);
  if (ids("Uid").length === 0 || ids("Uid").some((u) => u !== String(expected.uid))) problems.push(`runs as uid ${one2("Uid") ?? "?"}, not ${expected.uid}`);
  if (ids("Gid").length === 0 || ids("Gid").some((g) => g !== String(expected.gid))) problems.push(`runs as gid ${one2("Gid") ?? "?"}, not ${expected.gid}`);
  for (const set of ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"]) if (!/^0+$/.test(one2(set) ?? "")) problems.push(`${set} is ${one2(set) ?? "unknown"}, not empty`);
  if (one2("NoNewPrivs") !== "1") problems.push("no_new_privs is not set");
  if (one2("Seccomp") !== "2") problems.push(`no seccomp filter is applied (mode ${one2("Seccomp") ?? "unknown"})`);
  const interfaces = values.get("iface") ?? [];
  if (interfaces.length !== 1 || interfaces[0] !== "lo") problems.push(`network interfaces are ${interfaces.join(", ") || "unknown"}, not loopback alone`);
  if (one2("identity") !== "synthetic") problems.push("the bound files are not this host's (is the engine remote?)");
  if (one2("workspace") !== "writable") problems.push("the workspace is not writable for the agent");
  if (problems.length) throw new SandboxError("container-unsafe", `the container does not hold the sandbox's guarantees: ${problems.join("; ")}. The agent did not run.`);
  const perl = one2("perl");
  const node = one2("node");
  return {
    ...perl ? { relay: { kind: "perl", interpreter: perl } } : node?.startsWith("/") ? { relay: { kind: "node", interpreter: node } } : {},
    bundles: values.get("bundle") ?? []
  };
}

// src/sandbox/container-seccomp.ts
import { readFile as readFile2 } from "node:fs/promises";

// src/sandbox/seccomp-filter.ts
var DENIED_SYSCALLS = [
  "ptrace",
  "process_vm_readv",
  "process_vm_writev",
  "kcmp",
  "perf_event_open",
  "bpf",
  "userfaultfd",
  "keyctl",
  "add_key",
  "request_key",
  "io_uring_setup",
  "io_uring_enter",
  "io_uring_register"
];
var ARCH_TABLES = {
  // arch/x86/entry/syscalls/syscall_64.tbl
  x64: {
    auditArch: 3221225534,
    foreignFrom: 1073741824,
    numbers: {
      ptrace: 101,
      process_vm_readv: 310,
      process_vm_writev: 311,
      kcmp: 312,
      perf_event_open: 298,
      bpf: 321,
      userfaultfd: 323,
      keyctl: 250,
      add_key: 248,
      request_key: 249,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427
    }
  },
  // include/uapi/asm-generic/unistd.h
  arm64: {
    auditArch: 3221225655,
    numbers: {
      ptrace: 117,
      process_vm_readv: 270,
      process_vm_writev: 271,
      kcmp: 272,
      perf_event_open: 241,
      bpf: 280,
      userfaultfd: 282,
      keyctl: 219,
      add_key: 217,
      request_key: 218,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427
    }
  }
};
var BPF_LD_W_ABS = 32;
var BPF_JEQ_K = 21;
var BPF_JGE_K = 53;
var BPF_RET_K = 6;
var SECCOMP_RET_ALLOW = 2147418112;
var SECCOMP_RET_ERRNO = 327680;
var EPERM = 1;
var OFFSET_NR = 0;
var OFFSET_ARCH = 4;
function seccompInstructions(arch) {
  const table = ARCH_TABLES[arch];
  const numbers = DENIED_SYSCALLS.map((s) => table.numbers[s]);
  const checks = (table.foreignFrom === void 0 ? 0 : 1) + numbers.length;
  const prog = [
    { code: BPF_LD_W_ABS, jt: 0, jf: 0, k: OFFSET_ARCH },
    { code: BPF_JEQ_K, jt: 1, jf: 0, k: table.auditArch },
    { code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ERRNO | EPERM },
    { code: BPF_LD_W_ABS, jt: 0, jf: 0, k: OFFSET_NR }
  ];
  let remaining = checks;
  if (table.foreignFrom !== void 0)
    prog.push({ code: BPF_JGE_K, jt: remaining--, jf: 0, k: table.foreignFrom });
  for (const n of numbers) prog.push({ code: BPF_JEQ_K, jt: remaining--, jf: 0, k: n });
  prog.push({ code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ALLOW });
  prog.push({ code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ERRNO | EPERM });
  return prog;
}
function seccompProgram(arch) {
  const prog = seccompInstructions(arch);
  const out = Buffer.alloc(prog.length * 8);
  prog.forEach((ins, i) => {
    out.writeUInt16LE(ins.code, i * 8);
    out.writeUInt8(ins.jt, i * 8 + 2);
    out.writeUInt8(ins.jf, i * 8 + 3);
    out.writeUInt32LE(ins.k >>> 0, i * 8 + 4);
  });
  return out;
}
function seccompArch(nodeArch) {
  if (nodeArch === "x64" || nodeArch === "arm64") return nodeArch;
  throw new SandboxError(
    "unsupported-platform",
    `no seccomp filter for architecture ${nodeArch}; Airlock's sandbox supports x64 and arm64 Linux`
  );
}

// src/sandbox/container-seccomp.ts
var EPERM2 = 1;
var ENOSYS = 38;
var CLONE_NAMESPACE_FLAGS = 2114060288;
var NATIVE = { x64: "SCMP_ARCH_X86_64", arm64: "SCMP_ARCH_AARCH64" };
var CONTAINERS_DEFAULT_PROFILES = ["/etc/containers/seccomp.json", "/usr/share/containers/seccomp.json"];
function hardenedSeccompProfile(base, arch) {
  const denied = [...DENIED_SYSCALLS, "unshare", "setns"];
  const replaced = /* @__PURE__ */ new Set([...denied, "clone", "clone3"]);
  const syscalls = base.syscalls.map((rule) => ({ ...rule, names: rule.names.filter((n) => !replaced.has(n)) })).filter((rule) => rule.names.length > 0);
  syscalls.push(
    { names: ["clone"], action: "SCMP_ACT_ALLOW", args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: "SCMP_CMP_MASKED_EQ" }] },
    { names: ["clone3"], action: "SCMP_ACT_ERRNO", errnoRet: ENOSYS },
    { names: denied, action: "SCMP_ACT_ERRNO", errnoRet: EPERM2 }
  );
  const { architectures: _legacy, ...rest } = base;
  return { ...rest, archMap: [{ architecture: NATIVE[arch], subArchitectures: [] }], syscalls };
}
async function readDefaultProfile(paths) {
  for (const path of paths) {
    const text = await readFile2(path, "utf8").catch(() => void 0);
    if (text === void 0) continue;
    let profile;
    try {
      profile = JSON.parse(text);
    } catch {
      profile = void 0;
    }
    if (typeof profile?.defaultAction !== "string" || !Array.isArray(profile.syscalls)) throw new SandboxError("container-refused", `${path} is not a seccomp profile (JSON with defaultAction and syscalls); fix or remove it, Podman reads it for every container and Airlock extends it`);
    return profile;
  }
  return void 0;
}

// src/sandbox/container-watchdog.ts
import { spawn as spawn2 } from "node:child_process";
var WATCHER = [
  "engine=$1; name=$2; scratch=$3; shift 3",
  "(",
  "  trap '' HUP INT TERM",
  "  pid=",
  "  while IFS= read -r line <&3; do",
  "    case $line in",
  "      done) exit 0 ;;",
  "      pid=*) pid=${line#pid=} ;;",
  "    esac",
  "  done",
  '  if [ -n "$pid" ]; then',
  '    case "$(tr "\\0" " " < /proc/$pid/cmdline 2>/dev/null)" in *"$name"*) kill -KILL -- "-$pid" 2>/dev/null ;; esac',
  "  fi",
  '  for delay in 0 2; do sleep $delay; "$engine" "$@" >/dev/null 2>&1; done',
  '  rm -rf -- "$scratch"',
  ") &"
].join("\n");
function startContainerWatchdog(engine, name, scratch) {
  const child = spawn2("/bin/sh", ["-c", WATCHER, "airlock-container-watchdog", engine.path, name, scratch, ...removeArguments(engine.name, name)], {
    detached: true,
    // The lifeline is descriptor 3, not stdin: Node closes a child's stdin as soon as that child exits (the shell does, at once).
    stdio: ["ignore", "ignore", "ignore", "pipe"],
    env: engine.env
  });
  child.on("error", () => void 0);
  child.unref();
  const lifeline = child.stdio[3];
  lifeline.on("error", () => void 0);
  lifeline.unref?.();
  let open2 = true;
  return {
    client: (pid) => {
      if (open2) lifeline.write(`pid=${pid}
`);
    },
    disarm: () => {
      if (!open2) return;
      open2 = false;
      lifeline.end("done\n");
    }
  };
}

// src/sandbox/sandbox-paths.ts
import { realpath, stat } from "node:fs/promises";
import { isAbsolute as isAbsolute2 } from "node:path";
var SYSTEM_TREES = ["proc", "sys", "dev", "run", "boot", "etc"];
async function hostPath(path, what) {
  if (!isAbsolute2(path)) throw new SandboxError("invalid-options", `${what} must be an absolute path: ${path}`);
  const real = await realpath(path).catch(() => void 0);
  if (!real) throw new SandboxError("invalid-options", `${what} does not exist: ${path}`);
  const parts = real.split("/").filter(Boolean);
  if (parts.length < 2 || SYSTEM_TREES.includes(parts[0])) {
    throw new SandboxError("invalid-options", `${what} may not be ${real}: it would expose the host's system files`);
  }
  return real;
}
var isFile = (path) => stat(path).then(
  (st) => st.isFile(),
  () => false
);
async function checkedFiles(files) {
  for (const f of files) {
    if (!FILE_TARGETS.some((t) => f.target.startsWith(t)) || f.target.includes("/../") || !await isFile(f.source))
      throw new SandboxError("invalid-options", `file ${f.target} may not be placed in the sandbox (allowed under ${FILE_TARGETS.join(", ")}, from an existing file)`);
  }
  return files.map((f) => ({ source: f.source, target: f.target }));
}

// src/sandbox/sandbox-environment.ts
var DENIED_PREFIXES = ["ACTIONS_", "RUNNER_", "INPUT_", "STATE_"];
var DENIED_NAMES = /* @__PURE__ */ new Set([
  "GITHUB_TOKEN",
  "GITHUB_ENV",
  "GITHUB_PATH",
  "GITHUB_OUTPUT",
  "GITHUB_STATE",
  "GITHUB_STEP_SUMMARY",
  "GITHUB_EVENT_PATH",
  "GITHUB_WORKSPACE",
  "LD_PRELOAD",
  "LD_LIBRARY_PATH",
  "LD_AUDIT",
  "BASH_ENV",
  "ENV",
  "PROMPT_COMMAND",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "ALL_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "all_proxy",
  "no_proxy",
  "SSH_AUTH_SOCK",
  "DOCKER_HOST"
]);
function isDeniedVariable(name) {
  return DENIED_NAMES.has(name) || DENIED_PREFIXES.some((p) => name.toUpperCase().startsWith(p));
}
function sandboxEnvironment(requested, fixed) {
  const env = {};
  const dropped = [];
  for (const [name, value] of Object.entries(requested)) {
    if (value === void 0) continue;
    if (isDeniedVariable(name) || name === "" || /[=\0]/.test(name) || value.includes("\0"))
      dropped.push(name);
    else env[name] = value;
  }
  return { env: { ...env, ...fixed }, dropped: dropped.sort() };
}

// src/sandbox/supervise-sandbox.ts
import { spawn as spawn3 } from "node:child_process";
var SECCOMP_FD2 = 3;
var OUTPUT_GRACE_MS = 2e3;
function markerFilter(marker, emit, onStart) {
  const line = Buffer.from(`${marker}
`);
  let pending = Buffer.alloc(0);
  let started = false;
  return {
    push(chunk) {
      if (started) return emit(chunk);
      pending = Buffer.concat([pending, chunk]);
      const at = pending.indexOf(line);
      if (at >= 0) {
        started = true;
        onStart();
        if (at > 0) emit(pending.subarray(0, at));
        if (pending.length > at + line.length) emit(pending.subarray(at + line.length));
        pending = Buffer.alloc(0);
        return;
      }
      const keep = Math.min(pending.length, line.length - 1);
      if (pending.length > keep) emit(pending.subarray(0, pending.length - keep));
      pending = pending.subarray(pending.length - keep);
    },
    flush() {
      if (pending.length) emit(pending);
      pending = Buffer.alloc(0);
    }
  };
}
async function supervise(s, options) {
  const stdio = ["ignore", "pipe", "pipe", ...s.start === "fd" ? [s.seccomp ? "pipe" : "ignore", "pipe"] : []];
  const child = spawn3(s.file, s.args, {
    ...s.cwd ? { cwd: s.cwd } : {},
    env: s.env,
    stdio,
    detached: true
  });
  if (child.pid !== void 0) s.onSpawn?.(child.pid);
  const killGroup = () => {
    try {
      if (child.pid !== void 0) process.kill(-child.pid, "SIGKILL");
    } catch {
    }
  };
  const abort = () => {
    killGroup();
    s.stop?.();
  };
  options.signal?.addEventListener("abort", abort, { once: true });
  if (options.signal?.aborted) abort();
  let stderrTail = "";
  let started = false;
  const onStderr = (c) => {
    stderrTail = (stderrTail + c.toString("utf8")).slice(-2048);
    options.onOutput("stderr", c);
  };
  const marker = typeof s.start === "object" ? markerFilter(s.start.marker, onStderr, () => started = true) : void 0;
  child.stdout?.on("data", (c) => options.onOutput("stdout", c));
  child.stderr?.on("data", (c) => marker ? marker.push(c) : onStderr(c));
  child.stdio[STARTED_FD]?.on("data", () => started = true).on("error", () => void 0);
  if (s.seccomp) {
    const fd = child.stdio[SECCOMP_FD2];
    fd?.on("error", () => void 0);
    fd?.end(s.seccomp);
  }
  try {
    const [code, signal] = await new Promise((resolve, reject) => {
      child.once("error", (e) => {
        for (const stream of child.stdio) stream?.destroy();
        reject(e);
      });
      let grace;
      child.once("exit", () => {
        killGroup();
        grace = setTimeout(() => {
          for (const stream of child.stdio) stream?.destroy();
        }, OUTPUT_GRACE_MS);
      });
      child.once("close", (c, sig) => {
        clearTimeout(grace);
        resolve([c, sig]);
      });
    });
    marker?.flush();
    return { code, signal, started, stderrTail };
  } finally {
    killGroup();
    options.signal?.removeEventListener("abort", abort);
  }
}

// src/sandbox/run-container.ts
var DEFAULT_PIDS_LIMIT = 4096;
var NOFILE_CAP = 65536;
var NPROC_CAP = 16384;
var PROBE_TIMEOUT_MS = 18e4;
async function hardLimits() {
  const text = await readFile3("/proc/self/limits", "utf8").catch(() => "");
  const hard = (label, cap) => {
    const m = new RegExp(`^${label}\\s+\\S+\\s+(\\S+)`, "m").exec(text);
    const n = m?.[1] === "unlimited" ? cap : Number(m?.[1]);
    return Number.isFinite(n) && n > 0 ? Math.min(n, cap) : 1024;
  };
  return { nofile: hard("Max open files", NOFILE_CAP), nproc: hard("Max processes", NPROC_CAP) };
}
var engines = /* @__PURE__ */ new Map();
function engineOnce(choice, env, uid) {
  const key = JSON.stringify([choice, env.PATH, env.DOCKER_HOST, env.CONTAINER_HOST, uid]);
  let p = engines.get(key);
  if (!p) {
    p = findContainerEngine({ choice, env, uid });
    engines.set(key, p);
    p.catch(() => engines.delete(key));
  }
  return p;
}
var images = /* @__PURE__ */ new Map();
function inspectOnce(engine, reference) {
  const key = JSON.stringify([engine.path, reference]);
  let p = images.get(key);
  if (!p) {
    p = inspectImage(engine, reference);
    images.set(key, p);
    p.catch(() => images.delete(key));
  }
  return p;
}
async function prepare(options, scratch) {
  if (process.platform !== "linux") throw new SandboxError("unsupported-platform", `sandbox: container needs Linux, not ${process.platform}`);
  const actionUid = process.getuid?.() ?? 0;
  const actionGid = process.getgid?.() ?? 0;
  const engine = await engineOnce(options.engine ?? "auto", process.env, actionUid);
  const image = await inspectOnce(engine, options.image);
  const own = actionUid !== 0 && !engine.rootless;
  const defaults = await readDefaultProfile(CONTAINERS_DEFAULT_PROFILES);
  let seccomp;
  if (defaults) {
    seccomp = join2(scratch, "seccomp.json");
    await writeFile(seccomp, JSON.stringify(hardenedSeccompProfile(defaults, seccompArch(process.arch))), { mode: 420 });
  }
  const hard = await hardLimits();
  return {
    scratch,
    engine,
    image,
    uid: own ? actionUid : AGENT_UID,
    gid: own ? actionGid : AGENT_GID,
    keepId: engine.rootless,
    imageEntrypoint: options.entrypoint === "image",
    ...seccomp ? { seccomp } : {},
    limits: { memoryBytes: options.memoryBytes ?? Math.floor(totalmem() * 3 / 4), pidsLimit: options.pidsLimit ?? DEFAULT_PIDS_LIMIT, nofile: hard.nofile, nproc: hard.nproc }
  };
}
function containerEnvironment(imageEnv, requested, fixed) {
  const fromImage = {};
  for (const entry of imageEnv) {
    const at = entry.indexOf("=");
    const name = at > 0 ? entry.slice(0, at) : "";
    if (name && !isDeniedVariable(name)) fromImage[name] = entry.slice(at + 1);
  }
  const { env, dropped } = sandboxEnvironment({ ...fromImage, ...requested, ...fromImage.PATH !== void 0 ? { PATH: fromImage.PATH } : {} }, fixed);
  env.PATH ??= DEFAULT_PATH;
  return { env, dropped: [...dropped] };
}
var imageVariableNames = (env) => env.map((e) => e.slice(0, Math.max(0, e.indexOf("=")))).filter(Boolean);
async function chownTree(root, uid, gid) {
  const rootDev = (await lstat2(root)).dev;
  const walk = async (path) => {
    const st = await lstat2(path).catch(() => void 0);
    if (!st || st.dev !== rootDev) return;
    if (st.uid !== uid || st.gid !== gid) await lchown(path, uid, gid).catch(() => void 0);
    if (st.isDirectory()) for (const entry of await readdir(path).catch(() => [])) await walk(join2(path, entry));
  };
  await walk(root);
}
async function lend(prepared, workspace, socket) {
  if ((process.getuid?.() ?? 0) !== 0 || prepared.keepId) return { restore: async () => void 0 };
  const owner = await lstat2(workspace);
  const socketOwner = socket ? await lstat2(socket) : void 0;
  await chownTree(workspace, prepared.uid, prepared.gid);
  if (socket) await lchown(socket, prepared.uid, prepared.gid);
  return {
    restore: async () => {
      await chownTree(workspace, owner.uid, owner.gid);
      if (socket && socketOwner) await lchown(socket, socketOwner.uid, socketOwner.gid).catch(() => void 0);
    }
  };
}
async function startContainer(prepared, layout, launcher, io) {
  const { engine } = prepared;
  const name = `airlock-${randomBytes(8).toString("hex")}`;
  const marker = `airlock-container-started-${randomBytes(8).toString("hex")}`;
  const args = [
    ...containerRunArguments({
      ...layout,
      ...prepared.limits,
      name,
      engine: engine.name,
      image: prepared.image.id,
      uid: prepared.uid,
      gid: prepared.gid,
      keepId: prepared.keepId,
      imageEntrypoint: prepared.imageEntrypoint,
      ...prepared.seccomp ? { seccompProfile: prepared.seccomp } : {},
      clearedVariables: imageVariableNames(prepared.image.env).filter(isDeniedVariable)
    }),
    ...launcher(marker)
  ];
  const remove = () => engineCommand(engine, removeArguments(engine.name, name), { timeoutMs: 6e4 });
  const removeInBackground = () => {
    spawn4(engine.path, removeArguments(engine.name, name), { env: engine.env, stdio: "ignore", detached: true }).on("error", () => void 0).unref();
  };
  const watchdog = startContainerWatchdog(engine, name, prepared.scratch);
  try {
    const supervised = await supervise(
      {
        file: engine.path,
        args,
        env: engine.env,
        start: { marker },
        // The client's process group dies with the abort; the container does not, so it is removed too.
        stop: removeInBackground,
        onSpawn: (pid) => watchdog.client(pid)
      },
      io
    );
    if (supervised.started && supervised.code !== null && !io.signal?.aborted) removeInBackground();
    else await remove();
    return { supervised, name };
  } catch (error) {
    await remove();
    throw error;
  } finally {
    watchdog.disarm();
  }
}
var probes = /* @__PURE__ */ new Map();
function probeOnce(prepared, layout, environ) {
  const key = JSON.stringify([prepared.engine.path, prepared.image.id, prepared.uid, prepared.gid, prepared.keepId, prepared.imageEntrypoint, prepared.limits, !!prepared.seccomp, layout.workspace, layout.readOnlyPaths]);
  let p = probes.get(key);
  if (!p) {
    p = (async () => {
      let stdout = "";
      const { supervised } = await startContainer(
        prepared,
        { ...layout, runFiles: [...layout.runFiles, { source: environ, target: ENVIRON_INSIDE }] },
        (marker) => containerLauncherArgv(marker, PROBE_SCRIPT),
        {
          signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
          onOutput: (stream, chunk) => {
            if (stream === "stdout") stdout += chunk.toString("utf8");
          }
        }
      ).catch((error) => {
        throw new SandboxError("container-refused", `${prepared.engine.name} could not start the probe container: ${error.message}. The agent did not run.`);
      });
      if (!supervised.started) throw refusal(prepared, supervised);
      return readProbeReport(stdout, { uid: prepared.uid, gid: prepared.gid });
    })();
    probes.set(key, p);
    p.catch(() => probes.delete(key));
  }
  return p;
}
function refusal(prepared, r) {
  const said = r.stderrTail.trim().slice(-500) || "no output";
  const ref = prepared.image.reference;
  if (/\/bin\/bash/.test(said) && /no such file|not found|executable file/i.test(said))
    return new SandboxError("image-unsuitable", `image ${ref} has no /bin/bash, which runs the agent's command (${said}). The agent did not run.`);
  if (prepared.imageEntrypoint)
    return new SandboxError("container-refused", `the entrypoint of image ${ref} did not start Airlock's launcher (exit ${r.code ?? r.signal}): ${said}. With container-entrypoint: image, the entrypoint must end with exec "$@"; or leave container-entrypoint at airlock. The agent did not run.`);
  return new SandboxError("container-refused", `${prepared.engine.name} ${prepared.engine.version} refused to start the container (exit ${r.code ?? r.signal}): ${said}. The agent did not run.`);
}
async function preflightContainer(options, workspace) {
  const scratch = await mkdtemp(join2(tmpdir(), "airlock-container-"));
  try {
    const ws = await hostPath(workspace, "workspace");
    const prepared = await prepare(options, scratch);
    const facts = await withLent(prepared, ws, void 0, () => probe(prepared, scratch, ws, [], {}));
    return { ...runFacts(prepared), relay: facts.relay !== void 0 };
  } finally {
    await rm2(scratch, { recursive: true, force: true });
  }
}
function runFacts(prepared) {
  const { reference, id, repoDigests, pinned } = prepared.image;
  return { engine: { name: prepared.engine.name, version: prepared.engine.version }, image: { reference, id, repoDigests, pinned } };
}
async function withLent(prepared, workspace, socket, fn) {
  const lent = await lend(prepared, workspace, socket);
  try {
    return await fn();
  } finally {
    await lent.restore();
  }
}
async function identity(prepared, scratch) {
  const files = [...identityFiles(prepared.uid, prepared.gid), { name: "resolv.conf", text: "" }];
  const out = [];
  for (const f of files) {
    const source = join2(scratch, f.name);
    await writeFile(source, f.text, { mode: 420 });
    out.push({ source, target: `/etc/${f.name}` });
  }
  return out;
}
async function probe(prepared, scratch, workspace, readOnlyPaths, requested) {
  const environ = join2(scratch, "probe-environ");
  const { env } = containerEnvironment(prepared.image.env, requested, fixedVariables({ trust: false }));
  await writeFile(environ, environFile(env).text, { mode: 420 });
  return probeOnce(prepared, { workspace, home: SANDBOX_HOME, tmpfsBytes: DEFAULT_TMPFS_BYTES, runFiles: await identity(prepared, scratch), readOnlyPaths }, environ);
}
async function runContainer(options, workspace) {
  if (!options.container) throw new SandboxError("invalid-options", "sandbox: container needs an image");
  const scratch = await mkdtemp(join2(tmpdir(), "airlock-container-"));
  try {
    const prepared = await prepare(options.container, scratch);
    const readOnlyPaths = [];
    for (const p of options.readOnlyPaths ?? []) readOnlyPaths.push(await hostPath(p, "read-only path"));
    const files = await checkedFiles(options.files ?? []);
    return await withLent(prepared, workspace, options.egress?.socketPath, async () => {
      const facts = await probe(prepared, scratch, workspace, readOnlyPaths, {});
      let bridge;
      const port = options.egress?.port ?? DEFAULT_PROXY_PORT;
      if (options.egress) {
        if (!facts.relay) throw new SandboxError("image-unsuitable", `image ${prepared.image.reference} has neither /usr/bin/perl nor node on its PATH, one of which relays the agent's traffic to Airlock's egress proxy inside the container; add perl-base or node to the image. The agent did not run.`);
        bridge = bridgeArgv(facts.relay.kind, facts.relay.interpreter, port, EGRESS_SOCKET_INSIDE);
      }
      const { env, dropped } = containerEnvironment(prepared.image.env, options.env, fixedVariables({ ...bridge ? { proxyPort: port } : {}, trust: !!options.trust }));
      const environ = environFile(env);
      const environPath = join2(scratch, "environ");
      await writeFile(environPath, environ.text, { mode: 420 });
      const runFiles = [
        ...await identity(prepared, scratch),
        { source: environPath, target: ENVIRON_INSIDE },
        ...files,
        ...options.trust ? trustFiles(options.trust, facts.bundles) : []
      ];
      const { supervised } = await startContainer(
        prepared,
        {
          workspace,
          home: SANDBOX_HOME,
          tmpfsBytes: options.tmpfsBytes ?? DEFAULT_TMPFS_BYTES,
          runFiles,
          readOnlyPaths,
          ...options.egress ? { egressSocket: { host: options.egress.socketPath, inside: EGRESS_SOCKET_INSIDE } } : {}
        },
        (marker) => containerLauncherArgv(marker, options.command, bridge),
        options
      );
      if (!supervised.started && !options.signal?.aborted) throw refusal(prepared, supervised);
      return {
        exitCode: supervised.code ?? 128 + 9,
        signal: supervised.signal,
        droppedEnv: [...dropped, ...environ.unexportable].sort(),
        container: runFacts(prepared)
      };
    });
  } finally {
    await rm2(scratch, { recursive: true, force: true });
  }
}

// src/sandbox/run-sandboxed.ts
var PERL = "/usr/bin/perl";
var probed = /* @__PURE__ */ new Map();
function probeOnce2(input) {
  const key = JSON.stringify([
    input.bwrapPath,
    probeArguments({ uid: input.uid, gid: input.gid, rootEntries: input.rootEntries }),
    input.seccomp?.toString("hex")
  ]);
  let p = probed.get(key);
  if (!p) {
    p = probeSandbox(input);
    probed.set(key, p);
    p.catch(() => probed.delete(key));
  }
  return p;
}
var executable = (path) => access2(path, constants2.X_OK).then(
  () => true,
  () => false
);
function result(r, droppedEnv) {
  return { exitCode: r.code ?? 128 + 9, signal: r.signal, droppedEnv };
}
async function runUnsandboxed(options, workspace) {
  const bridge = options.egress ? await startHostBridge(options.egress.socketPath) : void 0;
  try {
    const { env, dropped } = sandboxEnvironment(
      options.env,
      bridge ? proxyVariables(bridge.port) : {}
    );
    const [file, ...args] = agentArgv(options.command);
    const r = await supervise(
      { file, args, cwd: workspace, env, start: "none" },
      options
    );
    return result(r, dropped);
  } finally {
    await bridge?.close();
  }
}
async function runSandboxed(options) {
  const workspace = await hostPath(options.workspace, "workspace");
  if (!(await stat2(workspace)).isDirectory())
    throw new SandboxError("invalid-options", `workspace is not a directory: ${workspace}`);
  if (options.backend === "none") return runUnsandboxed(options, workspace);
  if (options.backend === "container") return runContainer(options, workspace);
  if (options.backend !== "bwrap")
    throw new SandboxError(
      "invalid-options",
      `unknown sandbox backend "${String(options.backend)}"`
    );
  if (process.platform !== "linux")
    throw new SandboxError(
      "unsupported-platform",
      `the bubblewrap sandbox needs Linux, not ${process.platform}`
    );
  const bwrapPath = await findBwrap(options.bwrapPath ?? "bwrap", process.env.PATH);
  const seccomp = options.seccomp === false ? void 0 : seccompProgram(seccompArch(process.arch));
  const rootEntries = await readRootEntries();
  await probeOnce2({
    bwrapPath,
    rootEntries,
    uid: AGENT_UID,
    gid: AGENT_GID,
    ...seccomp ? { seccomp } : {}
  });
  const readOnlyPaths = [];
  for (const p of options.readOnlyPaths ?? [])
    readOnlyPaths.push(await hostPath(p, "read-only path"));
  let bridge;
  if (options.egress) {
    const port = options.egress.port ?? DEFAULT_PROXY_PORT;
    const kind = options.bridge ?? (await executable(PERL) ? "perl" : "node");
    let interpreter = PERL;
    if (kind === "node") {
      interpreter = await realpath2(options.nodePath ?? process.execPath);
      if (!interpreter.startsWith("/usr/")) readOnlyPaths.push(interpreter);
    }
    bridge = { port, argv: bridgeArgv(kind, interpreter, port, EGRESS_SOCKET_INSIDE) };
  }
  const scratch = await mkdtemp2(join3(tmpdir2(), "airlock-sandbox-"));
  try {
    const generated = identityFiles(AGENT_UID, AGENT_GID);
    for (const g of generated) await writeFile2(join3(scratch, g.name), g.text, { mode: 420 });
    const layout = {
      workspace,
      rootEntries,
      etcPaths: await readEtcPaths(),
      generatedFiles: generated.map((g) => ({
        source: join3(scratch, g.name),
        target: `/etc/${g.name}`
      })),
      readOnlyPaths,
      home: SANDBOX_HOME,
      tmpfsBytes: options.tmpfsBytes ?? DEFAULT_TMPFS_BYTES,
      uid: AGENT_UID,
      gid: AGENT_GID,
      ...options.egress ? { egressSocket: { host: options.egress.socketPath, inside: EGRESS_SOCKET_INSIDE } } : {},
      ...options.trust || options.files ? {
        runFiles: [
          ...await checkedFiles(options.files ?? []),
          ...options.trust ? (
            // Tools that ignore the variables read the system bundle: it becomes the same bundle.
            trustFiles(options.trust, await isFile(SYSTEM_BUNDLE) ? [SYSTEM_BUNDLE] : [])
          ) : []
        ]
      } : {},
      ...seccomp ? { seccompFd: SECCOMP_FD2 } : {}
    };
    const fixed = fixedVariables({ ...bridge ? { proxyPort: bridge.port } : {}, trust: !!options.trust });
    const { env, dropped } = sandboxEnvironment(options.env, fixed);
    if (env.PATH === void 0) env.PATH = DEFAULT_PATH;
    const r = await supervise(
      {
        file: bwrapPath,
        args: [...bwrapArguments(layout), ...launcherArgv(options.command, bridge?.argv)],
        env,
        start: "fd",
        ...seccomp ? { seccomp } : {}
      },
      options
    );
    if (!r.started && !options.signal?.aborted) {
      throw new SandboxError(
        "setup-failed",
        `bubblewrap failed before starting the agent (exit ${r.code ?? r.signal}): ${r.stderrTail.trim().slice(-500) || "no output"}. The agent did not run.`
      );
    }
    return result(r, dropped);
  } finally {
    await rm3(scratch, { recursive: true, force: true });
  }
}

// src/egress/credential-placeholder.ts
import { randomInt } from "node:crypto";
var BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
var LOWER = "abcdefghijklmnopqrstuvwxyz";
var UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
var DIGITS = "0123456789";
var pick2 = (alphabet) => alphabet[randomInt(alphabet.length)];
function githubTokenPlaceholder(prefix = "ghs_") {
  let entropy = "";
  for (let i = 0; i < 30; i++) entropy += pick2(BASE62);
  const valid = base62Crc32(entropy);
  let checksum = valid;
  while (checksum === valid) {
    checksum = "";
    for (let i = 0; i < 6; i++) checksum += pick2(BASE62);
  }
  return `${prefix}${entropy}${checksum}`;
}
function hasValidGithubChecksum(token) {
  const body = token.slice(token.indexOf("_") + 1);
  return body.length === 36 && base62Crc32(body.slice(0, 30)) === body.slice(30);
}
var TYPE_PREFIX = /^[A-Za-z]{2,8}[_-]/;
function shapedPlaceholder(real) {
  const lines = real.split("\n").filter((line) => !line.startsWith("-----"));
  if (!lines.some((line) => /[A-Za-z0-9]/.test(line.slice(TYPE_PREFIX.exec(line)?.[0].length ?? 0)))) {
    let out = "";
    for (let i = 0; i < Math.max(real.length, 16); i++) out += pick2(BASE62);
    return out;
  }
  for (; ; ) {
    const candidate = real.split("\n").map((line) => line.startsWith("-----") ? line : reshapeLine(line)).join("\n");
    if (candidate === real) continue;
    if (/^(?:gh[pousr]|npm)_[A-Za-z0-9]{36}$/.test(candidate) && hasValidGithubChecksum(candidate)) continue;
    return candidate;
  }
}
function reshapeLine(line) {
  const prefix = TYPE_PREFIX.exec(line)?.[0] ?? "";
  let out = prefix;
  for (const c of line.slice(prefix.length)) {
    if (c >= "a" && c <= "z") out += pick2(LOWER);
    else if (c >= "A" && c <= "Z") out += pick2(UPPER);
    else if (c >= "0" && c <= "9") out += pick2(DIGITS);
    else out += c;
  }
  return out;
}

// src/egress/credential-binding.ts
function compiled(hosts) {
  return compileEgressPolicy({ hosts, ...DEFAULT_EGRESS_LIMITS });
}
function authorizationCandidate(value, byPlaceholder) {
  const scheme = /^(Bearer|token)[ ]+(\S+)$/i.exec(value);
  if (scheme) {
    const credential2 = byPlaceholder.get(scheme[2]);
    const kind = scheme[1].toLowerCase();
    const word = scheme[1];
    if (credential2?.placements.some((p) => p.kind === "authorization" && p.schemes.includes(kind)))
      return { credential: credential2, placement: "authorization", value: (real) => `${word} ${real}` };
    return void 0;
  }
  const basic = /^Basic[ ]+([A-Za-z0-9+/]+={0,2})$/i.exec(value);
  if (!basic) return void 0;
  const text = Buffer.from(basic[1], "base64").toString("utf8");
  const colon = text.indexOf(":");
  if (colon < 0) return void 0;
  const user = text.slice(0, colon);
  const password = text.slice(colon + 1);
  const asPassword = byPlaceholder.get(password);
  const asUser = password === "" || password === "x-oauth-basic" ? byPlaceholder.get(user) : void 0;
  const credential = asPassword ?? asUser;
  if (!credential?.placements.some((p) => p.kind === "basic")) return void 0;
  return {
    credential,
    placement: "basic",
    value: (real) => `Basic ${Buffer.from(asPassword ? `${user}:${real}` : `${real}:${password}`, "utf8").toString("base64")}`
  };
}
function compileCredentials(bindings, options = {}) {
  const byPlaceholder = new Map(bindings.map((b) => [b.placeholder, b]));
  if (byPlaceholder.size !== bindings.length) throw new Error("two credentials share a placeholder");
  const hosts = new Map(bindings.map((b) => [b, compiled(b.hosts)]));
  const terminating = bindings.filter((b) => !b.resolvedDownstream).map((b) => hosts.get(b));
  const placeholders = new KnownValues(
    bindings.flatMap((b) => [
      { value: b.placeholder, label: b.id },
      ...b.aws ? [{ value: b.aws.placeholder.secretAccessKey, label: b.id }, ...b.aws.placeholder.sessionToken ? [{ value: b.aws.placeholder.sessionToken, label: b.id }] : []] : []
    ])
  );
  const carrier = (text) => {
    let label;
    placeholders.find(text, 0, text.length, (_, needle) => label ??= needle.label);
    return label;
  };
  const carries = (text) => carrier(text) !== void 0;
  const awsBindings = bindings.filter((b) => b.aws);
  const awsSearch = (target, headers, url) => {
    if (awsBindings.length === 0) return void 0;
    const q = url.indexOf("?");
    const read = readAwsSignature(headers, q < 0 ? "" : url.slice(q + 1));
    const signedWith = read.kind === "signed" ? awsBindings.find((b) => b.placeholder === read.signature.accessKeyId) : void 0;
    const bound = awsBindings.find((b) => hostMatches(target.host, target.port, hosts.get(b)));
    if (!bound) return signedWith ? { ok: false, reason: "placeholder-wrong-host", credential: signedWith.id } : void 0;
    const host = target.host.host;
    if (read.kind === "none") return { ok: false, reason: "aws-unsigned", detail: `requests to ${host} must be signed (SigV4) with the AWS credentials this run gave the agent` };
    if (read.kind === "unsupported") return { ok: false, reason: "aws-signing-unsupported", detail: read.why };
    if (signedWith !== bound) return { ok: false, reason: "aws-foreign-credential", detail: `the request to ${host} is signed with an access key this run did not give the agent` };
    if (read.signature.sessionToken !== bound.aws.placeholder.sessionToken) return { ok: false, reason: "aws-session-token-mismatch", detail: "the request must carry the session token this run gave the agent" };
    const found = {
      credential: bound,
      placement: "aws-sigv4",
      header: "authorization",
      value: () => {
        throw new Error("an AWS request is signed again, never given a value in place");
      }
    };
    return { ok: true, found, form: read.signature.form };
  };
  return {
    bindings,
    placeholders,
    terminates: (host, port) => terminating.some((policy) => hostMatches(host, port, policy)),
    stopped: () => options.resolution?.stopped,
    find({ scheme, target, headers, url }) {
      const aws = awsSearch(target, headers, url);
      if (aws && !aws.ok) return aws;
      const consumed = new Set(aws?.form === "header" ? ["authorization", "x-amz-security-token"] : []);
      const checkedUrl = aws?.form === "query" ? withoutQueryParameters(url, ["X-Amz-Credential", "X-Amz-Security-Token"]) : url;
      const inUrl = carrier(checkedUrl);
      if (inUrl) return { ok: false, reason: "placeholder-in-url", credential: inUrl };
      let found = aws?.found;
      for (const [name, raw] of Object.entries(headers)) {
        if (raw === void 0 || consumed.has(name)) continue;
        const values = Array.isArray(raw) ? raw : [raw];
        if (!values.some(carries)) continue;
        if (found || values.length !== 1) return { ok: false, reason: "placeholders-mixed", credential: values.map(carrier).find(Boolean) };
        const value = values[0];
        const candidate = name === "authorization" ? authorizationCandidate(value, byPlaceholder) : (() => {
          const credential = byPlaceholder.get(value);
          return credential?.placements.some((p) => p.kind === "header" && p.name.toLowerCase() === name) ? { credential, placement: "header", value: (real) => real } : void 0;
        })();
        if (!candidate) return { ok: false, reason: "placeholder-misplaced", credential: carrier(value) };
        found = { ...candidate, header: name };
      }
      if (!found) return { ok: true };
      if (!hostMatches(target.host, target.port, hosts.get(found.credential))) return { ok: false, reason: "placeholder-wrong-host", credential: found.credential.id };
      const stopped = options.resolution?.stopped;
      if (stopped) return { ok: false, reason: stopped, detail: `the Airlock App's containment revoked this run's credentials; ${found.credential.id} is no longer resolved`, credential: found.credential.id };
      if (scheme === "http" && !found.credential.resolvedDownstream) return { ok: false, reason: "placeholder-over-plain-http" };
      return { ok: true, found };
    }
  };
}
function withoutQueryParameters(url, names) {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const kept = url.slice(q + 1).split("&").filter((part) => {
    const name = part.slice(0, part.includes("=") ? part.indexOf("=") : part.length);
    return !names.some((n) => [...queryParameters(name).keys()][0] === n);
  });
  return `${url.slice(0, q)}?${kept.join("&")}`;
}

// src/action/aws/aws-placeholders.ts
import { randomBytes as randomBytes2, randomInt as randomInt2 } from "node:crypto";
var BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
var SECRET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
var draw = (n, alphabet) => Array.from({ length: n }, () => alphabet[randomInt2(alphabet.length)]).join("");
function awsPlaceholderCredentials() {
  return { accessKeyId: `ASIA${draw(16, BASE32)}`, secretAccessKey: draw(40, SECRET), sessionToken: randomBytes2(270).toString("base64") };
}

export {
  githubTokenPlaceholder,
  shapedPlaceholder,
  UpstreamError,
  connectPublicUpstream,
  compileCredentials,
  responseDecoder,
  carriesKnownValue,
  StreamScrubber,
  scrubString,
  require_dist_cjs2 as require_dist_cjs,
  require_dist_cjs3 as require_dist_cjs2,
  prepareAwsRequest,
  DEFAULT_BODY_POLICY,
  RequestBodyScan,
  startEgressProxy,
  SANDBOX_HOME,
  findBwrap,
  preflightContainer,
  runSandboxed,
  awsPlaceholderCredentials
};

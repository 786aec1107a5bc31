import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  CONTAINER_ENGINE_CHOICES,
  CONTAINER_ENTRYPOINT_CHOICES,
  DEFAULT_EGRESS_LIMITS,
  EgressPolicyError,
  compileEgressPolicy,
  endpointKey,
  parseImageReference,
  runnerTrustStore
} from "./chunk-AA3HKCER.js";
import {
  escapeHtml
} from "./chunk-IZBXUKPQ.js";
import {
  nodeHttpFetch
} from "./chunk-SDQEFD72.js";
import {
  normalizeHost
} from "./chunk-2FANN6CZ.js";
import {
  require_dist
} from "./chunk-SPRYJVQL.js";
import {
  withRetry
} from "./chunk-4DGAB22J.js";
import {
  MIN_KNOWN_VALUE_LENGTH
} from "./chunk-FYVUDRBW.js";
import {
  __commonJS,
  __export,
  __require,
  __toESM
} from "./chunk-WLT2JI5U.js";

// node_modules/tunnel/lib/tunnel.js
var require_tunnel = __commonJS({
  "node_modules/tunnel/lib/tunnel.js"(exports) {
    "use strict";
    var net = __require("net");
    var tls = __require("tls");
    var http2 = __require("http");
    var https3 = __require("https");
    var events2 = __require("events");
    var assert = __require("assert");
    var util = __require("util");
    exports.httpOverHttp = httpOverHttp2;
    exports.httpsOverHttp = httpsOverHttp2;
    exports.httpOverHttps = httpOverHttps2;
    exports.httpsOverHttps = httpsOverHttps2;
    function httpOverHttp2(options) {
      var agent = new TunnelingAgent(options);
      agent.request = http2.request;
      return agent;
    }
    function httpsOverHttp2(options) {
      var agent = new TunnelingAgent(options);
      agent.request = http2.request;
      agent.createSocket = createSecureSocket;
      agent.defaultPort = 443;
      return agent;
    }
    function httpOverHttps2(options) {
      var agent = new TunnelingAgent(options);
      agent.request = https3.request;
      return agent;
    }
    function httpsOverHttps2(options) {
      var agent = new TunnelingAgent(options);
      agent.request = https3.request;
      agent.createSocket = createSecureSocket;
      agent.defaultPort = 443;
      return agent;
    }
    function TunnelingAgent(options) {
      var self = this;
      self.options = options || {};
      self.proxyOptions = self.options.proxy || {};
      self.maxSockets = self.options.maxSockets || http2.Agent.defaultMaxSockets;
      self.requests = [];
      self.sockets = [];
      self.on("free", function onFree(socket, host, port, localAddress) {
        var options2 = toOptions(host, port, localAddress);
        for (var i = 0, len = self.requests.length; i < len; ++i) {
          var pending = self.requests[i];
          if (pending.host === options2.host && pending.port === options2.port) {
            self.requests.splice(i, 1);
            pending.request.onSocket(socket);
            return;
          }
        }
        socket.destroy();
        self.removeSocket(socket);
      });
    }
    util.inherits(TunnelingAgent, events2.EventEmitter);
    TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
      var self = this;
      var options = mergeOptions({ request: req }, self.options, toOptions(host, port, localAddress));
      if (self.sockets.length >= this.maxSockets) {
        self.requests.push(options);
        return;
      }
      self.createSocket(options, function(socket) {
        socket.on("free", onFree);
        socket.on("close", onCloseOrRemove);
        socket.on("agentRemove", onCloseOrRemove);
        req.onSocket(socket);
        function onFree() {
          self.emit("free", socket, options);
        }
        function onCloseOrRemove(err) {
          self.removeSocket(socket);
          socket.removeListener("free", onFree);
          socket.removeListener("close", onCloseOrRemove);
          socket.removeListener("agentRemove", onCloseOrRemove);
        }
      });
    };
    TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
      var self = this;
      var placeholder = {};
      self.sockets.push(placeholder);
      var connectOptions = mergeOptions({}, self.proxyOptions, {
        method: "CONNECT",
        path: options.host + ":" + options.port,
        agent: false,
        headers: {
          host: options.host + ":" + options.port
        }
      });
      if (options.localAddress) {
        connectOptions.localAddress = options.localAddress;
      }
      if (connectOptions.proxyAuth) {
        connectOptions.headers = connectOptions.headers || {};
        connectOptions.headers["Proxy-Authorization"] = "Basic " + new Buffer(connectOptions.proxyAuth).toString("base64");
      }
      debug2("making CONNECT request");
      var connectReq = self.request(connectOptions);
      connectReq.useChunkedEncodingByDefault = false;
      connectReq.once("response", onResponse);
      connectReq.once("upgrade", onUpgrade);
      connectReq.once("connect", onConnect);
      connectReq.once("error", onError);
      connectReq.end();
      function onResponse(res) {
        res.upgrade = true;
      }
      function onUpgrade(res, socket, head) {
        process.nextTick(function() {
          onConnect(res, socket, head);
        });
      }
      function onConnect(res, socket, head) {
        connectReq.removeAllListeners();
        socket.removeAllListeners();
        if (res.statusCode !== 200) {
          debug2(
            "tunneling socket could not be established, statusCode=%d",
            res.statusCode
          );
          socket.destroy();
          var error2 = new Error("tunneling socket could not be established, statusCode=" + res.statusCode);
          error2.code = "ECONNRESET";
          options.request.emit("error", error2);
          self.removeSocket(placeholder);
          return;
        }
        if (head.length > 0) {
          debug2("got illegal response body from proxy");
          socket.destroy();
          var error2 = new Error("got illegal response body from proxy");
          error2.code = "ECONNRESET";
          options.request.emit("error", error2);
          self.removeSocket(placeholder);
          return;
        }
        debug2("tunneling connection has established");
        self.sockets[self.sockets.indexOf(placeholder)] = socket;
        return cb(socket);
      }
      function onError(cause) {
        connectReq.removeAllListeners();
        debug2(
          "tunneling socket could not be established, cause=%s\n",
          cause.message,
          cause.stack
        );
        var error2 = new Error("tunneling socket could not be established, cause=" + cause.message);
        error2.code = "ECONNRESET";
        options.request.emit("error", error2);
        self.removeSocket(placeholder);
      }
    };
    TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
      var pos = this.sockets.indexOf(socket);
      if (pos === -1) {
        return;
      }
      this.sockets.splice(pos, 1);
      var pending = this.requests.shift();
      if (pending) {
        this.createSocket(pending, function(socket2) {
          pending.request.onSocket(socket2);
        });
      }
    };
    function createSecureSocket(options, cb) {
      var self = this;
      TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
        var hostHeader = options.request.getHeader("host");
        var tlsOptions = mergeOptions({}, self.options, {
          socket,
          servername: hostHeader ? hostHeader.replace(/:.*$/, "") : options.host
        });
        var secureSocket = tls.connect(0, tlsOptions);
        self.sockets[self.sockets.indexOf(socket)] = secureSocket;
        cb(secureSocket);
      });
    }
    function toOptions(host, port, localAddress) {
      if (typeof host === "string") {
        return {
          host,
          port,
          localAddress
        };
      }
      return host;
    }
    function mergeOptions(target) {
      for (var i = 1, len = arguments.length; i < len; ++i) {
        var overrides = arguments[i];
        if (typeof overrides === "object") {
          var keys = Object.keys(overrides);
          for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
            var k = keys[j];
            if (overrides[k] !== void 0) {
              target[k] = overrides[k];
            }
          }
        }
      }
      return target;
    }
    var debug2;
    if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
      debug2 = function() {
        var args = Array.prototype.slice.call(arguments);
        if (typeof args[0] === "string") {
          args[0] = "TUNNEL: " + args[0];
        } else {
          args.unshift("TUNNEL:");
        }
        console.error.apply(console, args);
      };
    } else {
      debug2 = function() {
      };
    }
    exports.debug = debug2;
  }
});

// node_modules/tunnel/index.js
var require_tunnel2 = __commonJS({
  "node_modules/tunnel/index.js"(exports, module) {
    module.exports = require_tunnel();
  }
});

// node_modules/@actions/core/lib/core.js
var core_exports = {};
__export(core_exports, {
  ExitCode: () => ExitCode,
  addPath: () => addPath,
  debug: () => debug,
  endGroup: () => endGroup,
  error: () => error,
  exportVariable: () => exportVariable,
  getBooleanInput: () => getBooleanInput,
  getIDToken: () => getIDToken,
  getInput: () => getInput,
  getMultilineInput: () => getMultilineInput,
  getState: () => getState,
  group: () => group,
  info: () => info,
  isDebug: () => isDebug,
  markdownSummary: () => markdownSummary,
  notice: () => notice,
  platform: () => platform_exports,
  saveState: () => saveState,
  setCommandEcho: () => setCommandEcho,
  setFailed: () => setFailed,
  setOutput: () => setOutput,
  setSecret: () => setSecret,
  startGroup: () => startGroup,
  summary: () => summary,
  toPlatformPath: () => toPlatformPath,
  toPosixPath: () => toPosixPath,
  toWin32Path: () => toWin32Path,
  warning: () => warning
});

// node_modules/@actions/core/lib/command.js
import * as os from "os";

// node_modules/@actions/core/lib/utils.js
function toCommandValue(input) {
  if (input === null || input === void 0) {
    return "";
  } else if (typeof input === "string" || input instanceof String) {
    return input;
  }
  return JSON.stringify(input);
}
function toCommandProperties(annotationProperties) {
  if (!Object.keys(annotationProperties).length) {
    return {};
  }
  return {
    title: annotationProperties.title,
    file: annotationProperties.file,
    line: annotationProperties.startLine,
    endLine: annotationProperties.endLine,
    col: annotationProperties.startColumn,
    endColumn: annotationProperties.endColumn
  };
}

// node_modules/@actions/core/lib/command.js
function issueCommand(command, properties, message) {
  const cmd = new Command(command, properties, message);
  process.stdout.write(cmd.toString() + os.EOL);
}
function issue(name, message = "") {
  issueCommand(name, {}, message);
}
var CMD_STRING = "::";
var Command = class {
  constructor(command, properties, message) {
    if (!command) {
      command = "missing.command";
    }
    this.command = command;
    this.properties = properties;
    this.message = message;
  }
  toString() {
    let cmdStr = CMD_STRING + this.command;
    if (this.properties && Object.keys(this.properties).length > 0) {
      cmdStr += " ";
      let first = true;
      for (const key in this.properties) {
        if (this.properties.hasOwnProperty(key)) {
          const val = this.properties[key];
          if (val) {
            if (first) {
              first = false;
            } else {
              cmdStr += ",";
            }
            cmdStr += `${key}=${escapeProperty(val)}`;
          }
        }
      }
    }
    cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
    return cmdStr;
  }
};
function escapeData(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// node_modules/@actions/core/lib/file-command.js
import * as crypto from "crypto";
import * as fs from "fs";
import * as os2 from "os";
function issueFileCommand(command, message) {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) {
    throw new Error(`Unable to find environment variable for file command ${command}`);
  }
  if (!fs.existsSync(filePath)) {
    throw new Error(`Missing file at path: ${filePath}`);
  }
  fs.appendFileSync(filePath, `${toCommandValue(message)}${os2.EOL}`, {
    encoding: "utf8"
  });
}
function prepareKeyValueMessage(key, value) {
  const delimiter3 = `ghadelimiter_${crypto.randomUUID()}`;
  const convertedValue = toCommandValue(value);
  if (key.includes(delimiter3)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter3}"`);
  }
  if (convertedValue.includes(delimiter3)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter3}"`);
  }
  return `${key}<<${delimiter3}${os2.EOL}${convertedValue}${os2.EOL}${delimiter3}`;
}

// node_modules/@actions/core/lib/core.js
import * as os5 from "os";
import * as path5 from "path";

// node_modules/@actions/http-client/lib/index.js
import * as http from "http";
import * as https from "https";

// node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
  const usingSsl = reqUrl.protocol === "https:";
  if (checkBypass(reqUrl)) {
    return void 0;
  }
  const proxyVar = (() => {
    if (usingSsl) {
      return process.env["https_proxy"] || process.env["HTTPS_PROXY"];
    } else {
      return process.env["http_proxy"] || process.env["HTTP_PROXY"];
    }
  })();
  if (proxyVar) {
    try {
      return new DecodedURL(proxyVar);
    } catch (_a) {
      if (!proxyVar.startsWith("http://") && !proxyVar.startsWith("https://"))
        return new DecodedURL(`http://${proxyVar}`);
    }
  } else {
    return void 0;
  }
}
function checkBypass(reqUrl) {
  if (!reqUrl.hostname) {
    return false;
  }
  const reqHost = reqUrl.hostname;
  if (isLoopbackAddress(reqHost)) {
    return true;
  }
  const noProxy = process.env["no_proxy"] || process.env["NO_PROXY"] || "";
  if (!noProxy) {
    return false;
  }
  let reqPort;
  if (reqUrl.port) {
    reqPort = Number(reqUrl.port);
  } else if (reqUrl.protocol === "http:") {
    reqPort = 80;
  } else if (reqUrl.protocol === "https:") {
    reqPort = 443;
  }
  const upperReqHosts = [reqUrl.hostname.toUpperCase()];
  if (typeof reqPort === "number") {
    upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
  }
  for (const upperNoProxyItem of noProxy.split(",").map((x) => x.trim().toUpperCase()).filter((x) => x)) {
    if (upperNoProxyItem === "*" || upperReqHosts.some((x) => x === upperNoProxyItem || x.endsWith(`.${upperNoProxyItem}`) || upperNoProxyItem.startsWith(".") && x.endsWith(`${upperNoProxyItem}`))) {
      return true;
    }
  }
  return false;
}
function isLoopbackAddress(host) {
  const hostLower = host.toLowerCase();
  return hostLower === "localhost" || hostLower.startsWith("127.") || hostLower.startsWith("[::1]") || hostLower.startsWith("[0:0:0:0:0:0:0:1]");
}
var DecodedURL = class extends URL {
  constructor(url, base) {
    super(url, base);
    this._decodedUsername = decodeURIComponent(super.username);
    this._decodedPassword = decodeURIComponent(super.password);
  }
  get username() {
    return this._decodedUsername;
  }
  get password() {
    return this._decodedPassword;
  }
};

// node_modules/@actions/http-client/lib/index.js
var tunnel = __toESM(require_tunnel2(), 1);

// scripts/undici-on-demand.js
var ProxyAgent = class {
  constructor() {
    throw new Error("@actions/http-client's getAgentDispatcher is not available in the Airlock Action's bundle (scripts/undici-on-demand.js): the Action's calls go through src/action/runner-network.ts");
  }
};

// node_modules/@actions/http-client/lib/index.js
var __awaiter = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve2) {
      resolve2(value);
    });
  }
  return new (P || (P = Promise))(function(resolve2, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve2(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var HttpCodes;
(function(HttpCodes2) {
  HttpCodes2[HttpCodes2["OK"] = 200] = "OK";
  HttpCodes2[HttpCodes2["MultipleChoices"] = 300] = "MultipleChoices";
  HttpCodes2[HttpCodes2["MovedPermanently"] = 301] = "MovedPermanently";
  HttpCodes2[HttpCodes2["ResourceMoved"] = 302] = "ResourceMoved";
  HttpCodes2[HttpCodes2["SeeOther"] = 303] = "SeeOther";
  HttpCodes2[HttpCodes2["NotModified"] = 304] = "NotModified";
  HttpCodes2[HttpCodes2["UseProxy"] = 305] = "UseProxy";
  HttpCodes2[HttpCodes2["SwitchProxy"] = 306] = "SwitchProxy";
  HttpCodes2[HttpCodes2["TemporaryRedirect"] = 307] = "TemporaryRedirect";
  HttpCodes2[HttpCodes2["PermanentRedirect"] = 308] = "PermanentRedirect";
  HttpCodes2[HttpCodes2["BadRequest"] = 400] = "BadRequest";
  HttpCodes2[HttpCodes2["Unauthorized"] = 401] = "Unauthorized";
  HttpCodes2[HttpCodes2["PaymentRequired"] = 402] = "PaymentRequired";
  HttpCodes2[HttpCodes2["Forbidden"] = 403] = "Forbidden";
  HttpCodes2[HttpCodes2["NotFound"] = 404] = "NotFound";
  HttpCodes2[HttpCodes2["MethodNotAllowed"] = 405] = "MethodNotAllowed";
  HttpCodes2[HttpCodes2["NotAcceptable"] = 406] = "NotAcceptable";
  HttpCodes2[HttpCodes2["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
  HttpCodes2[HttpCodes2["RequestTimeout"] = 408] = "RequestTimeout";
  HttpCodes2[HttpCodes2["Conflict"] = 409] = "Conflict";
  HttpCodes2[HttpCodes2["Gone"] = 410] = "Gone";
  HttpCodes2[HttpCodes2["TooManyRequests"] = 429] = "TooManyRequests";
  HttpCodes2[HttpCodes2["InternalServerError"] = 500] = "InternalServerError";
  HttpCodes2[HttpCodes2["NotImplemented"] = 501] = "NotImplemented";
  HttpCodes2[HttpCodes2["BadGateway"] = 502] = "BadGateway";
  HttpCodes2[HttpCodes2["ServiceUnavailable"] = 503] = "ServiceUnavailable";
  HttpCodes2[HttpCodes2["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers;
(function(Headers2) {
  Headers2["Accept"] = "accept";
  Headers2["ContentType"] = "content-type";
})(Headers || (Headers = {}));
var MediaTypes;
(function(MediaTypes2) {
  MediaTypes2["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
var HttpRedirectCodes = [
  HttpCodes.MovedPermanently,
  HttpCodes.ResourceMoved,
  HttpCodes.SeeOther,
  HttpCodes.TemporaryRedirect,
  HttpCodes.PermanentRedirect
];
var HttpResponseRetryCodes = [
  HttpCodes.BadGateway,
  HttpCodes.ServiceUnavailable,
  HttpCodes.GatewayTimeout
];
var RetryableHttpVerbs = ["OPTIONS", "GET", "DELETE", "HEAD"];
var ExponentialBackoffCeiling = 10;
var ExponentialBackoffTimeSlice = 5;
var HttpClientError = class _HttpClientError extends Error {
  constructor(message, statusCode) {
    super(message);
    this.name = "HttpClientError";
    this.statusCode = statusCode;
    Object.setPrototypeOf(this, _HttpClientError.prototype);
  }
};
var HttpClientResponse = class {
  constructor(message) {
    this.message = message;
  }
  readBody() {
    return __awaiter(this, void 0, void 0, function* () {
      return new Promise((resolve2) => __awaiter(this, void 0, void 0, function* () {
        let output = Buffer.alloc(0);
        this.message.on("data", (chunk) => {
          output = Buffer.concat([output, chunk]);
        });
        this.message.on("end", () => {
          resolve2(output.toString());
        });
      }));
    });
  }
  readBodyBuffer() {
    return __awaiter(this, void 0, void 0, function* () {
      return new Promise((resolve2) => __awaiter(this, void 0, void 0, function* () {
        const chunks = [];
        this.message.on("data", (chunk) => {
          chunks.push(chunk);
        });
        this.message.on("end", () => {
          resolve2(Buffer.concat(chunks));
        });
      }));
    });
  }
};
var HttpClient = class {
  constructor(userAgent, handlers, requestOptions) {
    this._ignoreSslError = false;
    this._allowRedirects = true;
    this._allowRedirectDowngrade = false;
    this._maxRedirects = 50;
    this._allowRetries = false;
    this._maxRetries = 1;
    this._keepAlive = false;
    this._disposed = false;
    this.userAgent = this._getUserAgentWithOrchestrationId(userAgent);
    this.handlers = handlers || [];
    this.requestOptions = requestOptions;
    if (requestOptions) {
      if (requestOptions.ignoreSslError != null) {
        this._ignoreSslError = requestOptions.ignoreSslError;
      }
      this._socketTimeout = requestOptions.socketTimeout;
      if (requestOptions.allowRedirects != null) {
        this._allowRedirects = requestOptions.allowRedirects;
      }
      if (requestOptions.allowRedirectDowngrade != null) {
        this._allowRedirectDowngrade = requestOptions.allowRedirectDowngrade;
      }
      if (requestOptions.maxRedirects != null) {
        this._maxRedirects = Math.max(requestOptions.maxRedirects, 0);
      }
      if (requestOptions.keepAlive != null) {
        this._keepAlive = requestOptions.keepAlive;
      }
      if (requestOptions.allowRetries != null) {
        this._allowRetries = requestOptions.allowRetries;
      }
      if (requestOptions.maxRetries != null) {
        this._maxRetries = requestOptions.maxRetries;
      }
    }
  }
  options(requestUrl, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("OPTIONS", requestUrl, null, additionalHeaders || {});
    });
  }
  get(requestUrl, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("GET", requestUrl, null, additionalHeaders || {});
    });
  }
  del(requestUrl, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("DELETE", requestUrl, null, additionalHeaders || {});
    });
  }
  post(requestUrl, data, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("POST", requestUrl, data, additionalHeaders || {});
    });
  }
  patch(requestUrl, data, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("PATCH", requestUrl, data, additionalHeaders || {});
    });
  }
  put(requestUrl, data, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("PUT", requestUrl, data, additionalHeaders || {});
    });
  }
  head(requestUrl, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request("HEAD", requestUrl, null, additionalHeaders || {});
    });
  }
  sendStream(verb, requestUrl, stream, additionalHeaders) {
    return __awaiter(this, void 0, void 0, function* () {
      return this.request(verb, requestUrl, stream, additionalHeaders);
    });
  }
  /**
   * Gets a typed object from an endpoint
   * Be aware that not found returns a null.  Other errors (4xx, 5xx) reject the promise
   */
  getJson(requestUrl_1) {
    return __awaiter(this, arguments, void 0, function* (requestUrl, additionalHeaders = {}) {
      additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
      const res = yield this.get(requestUrl, additionalHeaders);
      return this._processResponse(res, this.requestOptions);
    });
  }
  postJson(requestUrl_1, obj_1) {
    return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
      const data = JSON.stringify(obj, null, 2);
      additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
      additionalHeaders[Headers.ContentType] = this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
      const res = yield this.post(requestUrl, data, additionalHeaders);
      return this._processResponse(res, this.requestOptions);
    });
  }
  putJson(requestUrl_1, obj_1) {
    return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
      const data = JSON.stringify(obj, null, 2);
      additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
      additionalHeaders[Headers.ContentType] = this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
      const res = yield this.put(requestUrl, data, additionalHeaders);
      return this._processResponse(res, this.requestOptions);
    });
  }
  patchJson(requestUrl_1, obj_1) {
    return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
      const data = JSON.stringify(obj, null, 2);
      additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
      additionalHeaders[Headers.ContentType] = this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
      const res = yield this.patch(requestUrl, data, additionalHeaders);
      return this._processResponse(res, this.requestOptions);
    });
  }
  /**
   * Makes a raw http request.
   * All other methods such as get, post, patch, and request ultimately call this.
   * Prefer get, del, post and patch
   */
  request(verb, requestUrl, data, headers) {
    return __awaiter(this, void 0, void 0, function* () {
      if (this._disposed) {
        throw new Error("Client has already been disposed.");
      }
      const parsedUrl = new URL(requestUrl);
      let info2 = this._prepareRequest(verb, parsedUrl, headers);
      const maxTries = this._allowRetries && RetryableHttpVerbs.includes(verb) ? this._maxRetries + 1 : 1;
      let numTries = 0;
      let response;
      do {
        response = yield this.requestRaw(info2, data);
        if (response && response.message && response.message.statusCode === HttpCodes.Unauthorized) {
          let authenticationHandler;
          for (const handler of this.handlers) {
            if (handler.canHandleAuthentication(response)) {
              authenticationHandler = handler;
              break;
            }
          }
          if (authenticationHandler) {
            return authenticationHandler.handleAuthentication(this, info2, data);
          } else {
            return response;
          }
        }
        let redirectsRemaining = this._maxRedirects;
        while (response.message.statusCode && HttpRedirectCodes.includes(response.message.statusCode) && this._allowRedirects && redirectsRemaining > 0) {
          const redirectUrl = response.message.headers["location"];
          if (!redirectUrl) {
            break;
          }
          const parsedRedirectUrl = new URL(redirectUrl);
          if (parsedUrl.protocol === "https:" && parsedUrl.protocol !== parsedRedirectUrl.protocol && !this._allowRedirectDowngrade) {
            throw new Error("Redirect from HTTPS to HTTP protocol. This downgrade is not allowed for security reasons. If you want to allow this behavior, set the allowRedirectDowngrade option to true.");
          }
          yield response.readBody();
          if (parsedRedirectUrl.hostname !== parsedUrl.hostname) {
            for (const header in headers) {
              if (header.toLowerCase() === "authorization") {
                delete headers[header];
              }
            }
          }
          info2 = this._prepareRequest(verb, parsedRedirectUrl, headers);
          response = yield this.requestRaw(info2, data);
          redirectsRemaining--;
        }
        if (!response.message.statusCode || !HttpResponseRetryCodes.includes(response.message.statusCode)) {
          return response;
        }
        numTries += 1;
        if (numTries < maxTries) {
          yield response.readBody();
          yield this._performExponentialBackoff(numTries);
        }
      } while (numTries < maxTries);
      return response;
    });
  }
  /**
   * Needs to be called if keepAlive is set to true in request options.
   */
  dispose() {
    if (this._agent) {
      this._agent.destroy();
    }
    this._disposed = true;
  }
  /**
   * Raw request.
   * @param info
   * @param data
   */
  requestRaw(info2, data) {
    return __awaiter(this, void 0, void 0, function* () {
      return new Promise((resolve2, reject) => {
        function callbackForResult(err, res) {
          if (err) {
            reject(err);
          } else if (!res) {
            reject(new Error("Unknown error"));
          } else {
            resolve2(res);
          }
        }
        this.requestRawWithCallback(info2, data, callbackForResult);
      });
    });
  }
  /**
   * Raw request with callback.
   * @param info
   * @param data
   * @param onResult
   */
  requestRawWithCallback(info2, data, onResult) {
    if (typeof data === "string") {
      if (!info2.options.headers) {
        info2.options.headers = {};
      }
      info2.options.headers["Content-Length"] = Buffer.byteLength(data, "utf8");
    }
    let callbackCalled = false;
    function handleResult(err, res) {
      if (!callbackCalled) {
        callbackCalled = true;
        onResult(err, res);
      }
    }
    const req = info2.httpModule.request(info2.options, (msg) => {
      const res = new HttpClientResponse(msg);
      handleResult(void 0, res);
    });
    let socket;
    req.on("socket", (sock) => {
      socket = sock;
    });
    req.setTimeout(this._socketTimeout || 3 * 6e4, () => {
      if (socket) {
        socket.end();
      }
      handleResult(new Error(`Request timeout: ${info2.options.path}`));
    });
    req.on("error", function(err) {
      handleResult(err);
    });
    if (data && typeof data === "string") {
      req.write(data, "utf8");
    }
    if (data && typeof data !== "string") {
      data.on("close", function() {
        req.end();
      });
      data.pipe(req);
    } else {
      req.end();
    }
  }
  /**
   * Gets an http agent. This function is useful when you need an http agent that handles
   * routing through a proxy server - depending upon the url and proxy environment variables.
   * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
   */
  getAgent(serverUrl) {
    const parsedUrl = new URL(serverUrl);
    return this._getAgent(parsedUrl);
  }
  getAgentDispatcher(serverUrl) {
    const parsedUrl = new URL(serverUrl);
    const proxyUrl2 = getProxyUrl(parsedUrl);
    const useProxy = proxyUrl2 && proxyUrl2.hostname;
    if (!useProxy) {
      return;
    }
    return this._getProxyAgentDispatcher(parsedUrl, proxyUrl2);
  }
  _prepareRequest(method, requestUrl, headers) {
    const info2 = {};
    info2.parsedUrl = requestUrl;
    const usingSsl = info2.parsedUrl.protocol === "https:";
    info2.httpModule = usingSsl ? https : http;
    const defaultPort = usingSsl ? 443 : 80;
    info2.options = {};
    info2.options.host = info2.parsedUrl.hostname;
    info2.options.port = info2.parsedUrl.port ? parseInt(info2.parsedUrl.port) : defaultPort;
    info2.options.path = (info2.parsedUrl.pathname || "") + (info2.parsedUrl.search || "");
    info2.options.method = method;
    info2.options.headers = this._mergeHeaders(headers);
    if (this.userAgent != null) {
      info2.options.headers["user-agent"] = this.userAgent;
    }
    info2.options.agent = this._getAgent(info2.parsedUrl);
    if (this.handlers) {
      for (const handler of this.handlers) {
        handler.prepareRequest(info2.options);
      }
    }
    return info2;
  }
  _mergeHeaders(headers) {
    if (this.requestOptions && this.requestOptions.headers) {
      return Object.assign({}, lowercaseKeys(this.requestOptions.headers), lowercaseKeys(headers || {}));
    }
    return lowercaseKeys(headers || {});
  }
  /**
   * Gets an existing header value or returns a default.
   * Handles converting number header values to strings since HTTP headers must be strings.
   * Note: This returns string | string[] since some headers can have multiple values.
   * For headers that must always be a single string (like Content-Type), use the
   * specialized _getExistingOrDefaultContentTypeHeader method instead.
   */
  _getExistingOrDefaultHeader(additionalHeaders, header, _default) {
    let clientHeader;
    if (this.requestOptions && this.requestOptions.headers) {
      const headerValue = lowercaseKeys(this.requestOptions.headers)[header];
      if (headerValue) {
        clientHeader = typeof headerValue === "number" ? headerValue.toString() : headerValue;
      }
    }
    const additionalValue = additionalHeaders[header];
    if (additionalValue !== void 0) {
      return typeof additionalValue === "number" ? additionalValue.toString() : additionalValue;
    }
    if (clientHeader !== void 0) {
      return clientHeader;
    }
    return _default;
  }
  /**
   * Specialized version of _getExistingOrDefaultHeader for Content-Type header.
   * Always returns a single string (not an array) since Content-Type should be a single value.
   * Converts arrays to comma-separated strings and numbers to strings to ensure type safety.
   * This was split from _getExistingOrDefaultHeader to provide stricter typing for callers
   * that assign the result to places expecting a string (e.g., additionalHeaders[Headers.ContentType]).
   */
  _getExistingOrDefaultContentTypeHeader(additionalHeaders, _default) {
    let clientHeader;
    if (this.requestOptions && this.requestOptions.headers) {
      const headerValue = lowercaseKeys(this.requestOptions.headers)[Headers.ContentType];
      if (headerValue) {
        if (typeof headerValue === "number") {
          clientHeader = String(headerValue);
        } else if (Array.isArray(headerValue)) {
          clientHeader = headerValue.join(", ");
        } else {
          clientHeader = headerValue;
        }
      }
    }
    const additionalValue = additionalHeaders[Headers.ContentType];
    if (additionalValue !== void 0) {
      if (typeof additionalValue === "number") {
        return String(additionalValue);
      } else if (Array.isArray(additionalValue)) {
        return additionalValue.join(", ");
      } else {
        return additionalValue;
      }
    }
    if (clientHeader !== void 0) {
      return clientHeader;
    }
    return _default;
  }
  _getAgent(parsedUrl) {
    let agent;
    const proxyUrl2 = getProxyUrl(parsedUrl);
    const useProxy = proxyUrl2 && proxyUrl2.hostname;
    if (this._keepAlive && useProxy) {
      agent = this._proxyAgent;
    }
    if (!useProxy) {
      agent = this._agent;
    }
    if (agent) {
      return agent;
    }
    const usingSsl = parsedUrl.protocol === "https:";
    let maxSockets = 100;
    if (this.requestOptions) {
      maxSockets = this.requestOptions.maxSockets || http.globalAgent.maxSockets;
    }
    if (proxyUrl2 && proxyUrl2.hostname) {
      const agentOptions = {
        maxSockets,
        keepAlive: this._keepAlive,
        proxy: Object.assign(Object.assign({}, (proxyUrl2.username || proxyUrl2.password) && {
          proxyAuth: `${proxyUrl2.username}:${proxyUrl2.password}`
        }), { host: proxyUrl2.hostname, port: proxyUrl2.port })
      };
      let tunnelAgent;
      const overHttps = proxyUrl2.protocol === "https:";
      if (usingSsl) {
        tunnelAgent = overHttps ? tunnel.httpsOverHttps : tunnel.httpsOverHttp;
      } else {
        tunnelAgent = overHttps ? tunnel.httpOverHttps : tunnel.httpOverHttp;
      }
      agent = tunnelAgent(agentOptions);
      this._proxyAgent = agent;
    }
    if (!agent) {
      const options = { keepAlive: this._keepAlive, maxSockets };
      agent = usingSsl ? new https.Agent(options) : new http.Agent(options);
      this._agent = agent;
    }
    if (usingSsl && this._ignoreSslError) {
      agent.options = Object.assign(agent.options || {}, {
        rejectUnauthorized: false
      });
    }
    return agent;
  }
  _getProxyAgentDispatcher(parsedUrl, proxyUrl2) {
    let proxyAgent;
    if (this._keepAlive) {
      proxyAgent = this._proxyAgentDispatcher;
    }
    if (proxyAgent) {
      return proxyAgent;
    }
    const usingSsl = parsedUrl.protocol === "https:";
    proxyAgent = new ProxyAgent(Object.assign({ uri: proxyUrl2.href, pipelining: !this._keepAlive ? 0 : 1 }, (proxyUrl2.username || proxyUrl2.password) && {
      token: `Basic ${Buffer.from(`${proxyUrl2.username}:${proxyUrl2.password}`).toString("base64")}`
    }));
    this._proxyAgentDispatcher = proxyAgent;
    if (usingSsl && this._ignoreSslError) {
      proxyAgent.options = Object.assign(proxyAgent.options.requestTls || {}, {
        rejectUnauthorized: false
      });
    }
    return proxyAgent;
  }
  _getUserAgentWithOrchestrationId(userAgent) {
    const baseUserAgent = userAgent || "actions/http-client";
    const orchId = process.env["ACTIONS_ORCHESTRATION_ID"];
    if (orchId) {
      const sanitizedId = orchId.replace(/[^a-z0-9_.-]/gi, "_");
      return `${baseUserAgent} actions_orchestration_id/${sanitizedId}`;
    }
    return baseUserAgent;
  }
  _performExponentialBackoff(retryNumber) {
    return __awaiter(this, void 0, void 0, function* () {
      retryNumber = Math.min(ExponentialBackoffCeiling, retryNumber);
      const ms = ExponentialBackoffTimeSlice * Math.pow(2, retryNumber);
      return new Promise((resolve2) => setTimeout(() => resolve2(), ms));
    });
  }
  _processResponse(res, options) {
    return __awaiter(this, void 0, void 0, function* () {
      return new Promise((resolve2, reject) => __awaiter(this, void 0, void 0, function* () {
        const statusCode = res.message.statusCode || 0;
        const response = {
          statusCode,
          result: null,
          headers: {}
        };
        if (statusCode === HttpCodes.NotFound) {
          resolve2(response);
        }
        function dateTimeDeserializer(key, value) {
          if (typeof value === "string") {
            const a = new Date(value);
            if (!isNaN(a.valueOf())) {
              return a;
            }
          }
          return value;
        }
        let obj;
        let contents;
        try {
          contents = yield res.readBody();
          if (contents && contents.length > 0) {
            if (options && options.deserializeDates) {
              obj = JSON.parse(contents, dateTimeDeserializer);
            } else {
              obj = JSON.parse(contents);
            }
            response.result = obj;
          }
          response.headers = res.message.headers;
        } catch (err) {
        }
        if (statusCode > 299) {
          let msg;
          if (obj && obj.message) {
            msg = obj.message;
          } else if (contents && contents.length > 0) {
            msg = contents;
          } else {
            msg = `Failed request: (${statusCode})`;
          }
          const err = new HttpClientError(msg, statusCode);
          err.result = response.result;
          reject(err);
        } else {
          resolve2(response);
        }
      }));
    });
  }
};
var lowercaseKeys = (obj) => Object.keys(obj).reduce((c, k) => (c[k.toLowerCase()] = obj[k], c), {});

// node_modules/@actions/http-client/lib/auth.js
var __awaiter2 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve2) {
      resolve2(value);
    });
  }
  return new (P || (P = Promise))(function(resolve2, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve2(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var BearerCredentialHandler = class {
  constructor(token) {
    this.token = token;
  }
  // currently implements pre-authorization
  // TODO: support preAuth = false where it hooks on 401
  prepareRequest(options) {
    if (!options.headers) {
      throw Error("The request has no headers");
    }
    options.headers["Authorization"] = `Bearer ${this.token}`;
  }
  // This handler cannot handle 401
  canHandleAuthentication() {
    return false;
  }
  handleAuthentication() {
    return __awaiter2(this, void 0, void 0, function* () {
      throw new Error("not implemented");
    });
  }
};

// node_modules/@actions/core/lib/oidc-utils.js
var __awaiter3 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve2) {
      resolve2(value);
    });
  }
  return new (P || (P = Promise))(function(resolve2, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve2(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var OidcClient = class _OidcClient {
  static createHttpClient(allowRetry = true, maxRetry = 10) {
    const requestOptions = {
      allowRetries: allowRetry,
      maxRetries: maxRetry
    };
    return new HttpClient("actions/oidc-client", [new BearerCredentialHandler(_OidcClient.getRequestToken())], requestOptions);
  }
  static getRequestToken() {
    const token = process.env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"];
    if (!token) {
      throw new Error("Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable");
    }
    return token;
  }
  static getIDTokenUrl() {
    const runtimeUrl = process.env["ACTIONS_ID_TOKEN_REQUEST_URL"];
    if (!runtimeUrl) {
      throw new Error("Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable");
    }
    return runtimeUrl;
  }
  static getCall(id_token_url) {
    return __awaiter3(this, void 0, void 0, function* () {
      var _a;
      const httpclient = _OidcClient.createHttpClient();
      const res = yield httpclient.getJson(id_token_url).catch((error2) => {
        throw new Error(`Failed to get ID Token. 
 
        Error Code : ${error2.statusCode}
 
        Error Message: ${error2.message}`);
      });
      const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
      if (!id_token) {
        throw new Error("Response json body do not have ID Token field");
      }
      return id_token;
    });
  }
  static getIDToken(audience) {
    return __awaiter3(this, void 0, void 0, function* () {
      try {
        let id_token_url = _OidcClient.getIDTokenUrl();
        if (audience) {
          const encodedAudience = encodeURIComponent(audience);
          id_token_url = `${id_token_url}&audience=${encodedAudience}`;
        }
        debug(`ID token url is ${id_token_url}`);
        const id_token = yield _OidcClient.getCall(id_token_url);
        setSecret(id_token);
        return id_token;
      } catch (error2) {
        throw new Error(`Error message: ${error2.message}`);
      }
    });
  }
};

// node_modules/@actions/core/lib/summary.js
import { EOL as EOL3 } from "os";
import { constants, promises } from "fs";
var __awaiter4 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve2) {
      resolve2(value);
    });
  }
  return new (P || (P = Promise))(function(resolve2, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve2(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var { access, appendFile, writeFile } = promises;
var SUMMARY_ENV_VAR = "GITHUB_STEP_SUMMARY";
var Summary = class {
  constructor() {
    this._buffer = "";
  }
  /**
   * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
   * Also checks r/w permissions.
   *
   * @returns step summary file path
   */
  filePath() {
    return __awaiter4(this, void 0, void 0, function* () {
      if (this._filePath) {
        return this._filePath;
      }
      const pathFromEnv = process.env[SUMMARY_ENV_VAR];
      if (!pathFromEnv) {
        throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
      }
      try {
        yield access(pathFromEnv, constants.R_OK | constants.W_OK);
      } catch (_a) {
        throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
      }
      this._filePath = pathFromEnv;
      return this._filePath;
    });
  }
  /**
   * Wraps content in an HTML tag, adding any HTML attributes
   *
   * @param {string} tag HTML tag to wrap
   * @param {string | null} content content within the tag
   * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
   *
   * @returns {string} content wrapped in HTML element
   */
  wrap(tag, content, attrs = {}) {
    const htmlAttrs = Object.entries(attrs).map(([key, value]) => ` ${key}="${value}"`).join("");
    if (!content) {
      return `<${tag}${htmlAttrs}>`;
    }
    return `<${tag}${htmlAttrs}>${content}</${tag}>`;
  }
  /**
   * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
   *
   * @param {SummaryWriteOptions} [options] (optional) options for write operation
   *
   * @returns {Promise<Summary>} summary instance
   */
  write(options) {
    return __awaiter4(this, void 0, void 0, function* () {
      const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
      const filePath = yield this.filePath();
      const writeFunc = overwrite ? writeFile : appendFile;
      yield writeFunc(filePath, this._buffer, { encoding: "utf8" });
      return this.emptyBuffer();
    });
  }
  /**
   * Clears the summary buffer and wipes the summary file
   *
   * @returns {Summary} summary instance
   */
  clear() {
    return __awaiter4(this, void 0, void 0, function* () {
      return this.emptyBuffer().write({ overwrite: true });
    });
  }
  /**
   * Returns the current summary buffer as a string
   *
   * @returns {string} string of summary buffer
   */
  stringify() {
    return this._buffer;
  }
  /**
   * If the summary buffer is empty
   *
   * @returns {boolen} true if the buffer is empty
   */
  isEmptyBuffer() {
    return this._buffer.length === 0;
  }
  /**
   * Resets the summary buffer without writing to summary file
   *
   * @returns {Summary} summary instance
   */
  emptyBuffer() {
    this._buffer = "";
    return this;
  }
  /**
   * Adds raw text to the summary buffer
   *
   * @param {string} text content to add
   * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
   *
   * @returns {Summary} summary instance
   */
  addRaw(text, addEOL = false) {
    this._buffer += text;
    return addEOL ? this.addEOL() : this;
  }
  /**
   * Adds the operating system-specific end-of-line marker to the buffer
   *
   * @returns {Summary} summary instance
   */
  addEOL() {
    return this.addRaw(EOL3);
  }
  /**
   * Adds an HTML codeblock to the summary buffer
   *
   * @param {string} code content to render within fenced code block
   * @param {string} lang (optional) language to syntax highlight code
   *
   * @returns {Summary} summary instance
   */
  addCodeBlock(code, lang) {
    const attrs = Object.assign({}, lang && { lang });
    const element = this.wrap("pre", this.wrap("code", code), attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML list to the summary buffer
   *
   * @param {string[]} items list of items to render
   * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
   *
   * @returns {Summary} summary instance
   */
  addList(items, ordered = false) {
    const tag = ordered ? "ol" : "ul";
    const listItems = items.map((item) => this.wrap("li", item)).join("");
    const element = this.wrap(tag, listItems);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML table to the summary buffer
   *
   * @param {SummaryTableCell[]} rows table rows
   *
   * @returns {Summary} summary instance
   */
  addTable(rows) {
    const tableBody = rows.map((row) => {
      const cells = row.map((cell2) => {
        if (typeof cell2 === "string") {
          return this.wrap("td", cell2);
        }
        const { header, data, colspan, rowspan } = cell2;
        const tag = header ? "th" : "td";
        const attrs = Object.assign(Object.assign({}, colspan && { colspan }), rowspan && { rowspan });
        return this.wrap(tag, data, attrs);
      }).join("");
      return this.wrap("tr", cells);
    }).join("");
    const element = this.wrap("table", tableBody);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds a collapsable HTML details element to the summary buffer
   *
   * @param {string} label text for the closed state
   * @param {string} content collapsable content
   *
   * @returns {Summary} summary instance
   */
  addDetails(label, content) {
    const element = this.wrap("details", this.wrap("summary", label) + content);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML image tag to the summary buffer
   *
   * @param {string} src path to the image you to embed
   * @param {string} alt text description of the image
   * @param {SummaryImageOptions} options (optional) addition image attributes
   *
   * @returns {Summary} summary instance
   */
  addImage(src, alt, options) {
    const { width, height } = options || {};
    const attrs = Object.assign(Object.assign({}, width && { width }), height && { height });
    const element = this.wrap("img", null, Object.assign({ src, alt }, attrs));
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML section heading element
   *
   * @param {string} text heading text
   * @param {number | string} [level=1] (optional) the heading level, default: 1
   *
   * @returns {Summary} summary instance
   */
  addHeading(text, level) {
    const tag = `h${level}`;
    const allowedTag = ["h1", "h2", "h3", "h4", "h5", "h6"].includes(tag) ? tag : "h1";
    const element = this.wrap(allowedTag, text);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML thematic break (<hr>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addSeparator() {
    const element = this.wrap("hr", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML line break (<br>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addBreak() {
    const element = this.wrap("br", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML blockquote to the summary buffer
   *
   * @param {string} text quote text
   * @param {string} cite (optional) citation url
   *
   * @returns {Summary} summary instance
   */
  addQuote(text, cite) {
    const attrs = Object.assign({}, cite && { cite });
    const element = this.wrap("blockquote", text, attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML anchor tag to the summary buffer
   *
   * @param {string} text link text/content
   * @param {string} href hyperlink
   *
   * @returns {Summary} summary instance
   */
  addLink(text, href) {
    const element = this.wrap("a", text, { href });
    return this.addRaw(element).addEOL();
  }
};
var _summary = new Summary();
var markdownSummary = _summary;
var summary = _summary;

// node_modules/@actions/core/lib/path-utils.js
import * as path from "path";
function toPosixPath(pth) {
  return pth.replace(/[\\]/g, "/");
}
function toWin32Path(pth) {
  return pth.replace(/[/]/g, "\\");
}
function toPlatformPath(pth) {
  return pth.replace(/[/\\]/g, path.sep);
}

// node_modules/@actions/core/lib/platform.js
var platform_exports = {};
__export(platform_exports, {
  arch: () => arch,
  getDetails: () => getDetails,
  isLinux: () => isLinux,
  isMacOS: () => isMacOS,
  isWindows: () => isWindows,
  platform: () => platform
});
import os4 from "os";

// node_modules/@actions/exec/lib/exec.js
import { StringDecoder } from "string_decoder";

// node_modules/@actions/exec/lib/toolrunner.js
import * as os3 from "os";
import * as events from "events";
import * as child from "child_process";
import * as path4 from "path";

// node_modules/@actions/io/lib/io.js
import * as path3 from "path";

// node_modules/@actions/io/lib/io-util.js
import * as fs2 from "fs";
import * as path2 from "path";
var __awaiter5 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve2) {
      resolve2(value);
    });
  }
  return new (P || (P = Promise))(function(resolve2, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve2(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm, rmdir, stat, symlink, unlink } = fs2.promises;
var IS_WINDOWS = process.platform === "win32";
var READONLY = fs2.constants.O_RDONLY;
function exists(fsPath) {
  return __awaiter5(this, void 0, void 0, function* () {
    try {
      yield stat(fsPath);
    } catch (err) {
      if (err.code === "ENOENT") {
        return false;
      }
      throw err;
    }
    return true;
  });
}
function isRooted(p) {
  p = normalizeSeparators(p);
  if (!p) {
    throw new Error('isRooted() parameter "p" cannot be empty');
  }
  if (IS_WINDOWS) {
    return p.startsWith("\\") || /^[A-Z]:/i.test(p);
  }
  return p.startsWith("/");
}
function tryGetExecutablePath(filePath, extensions) {
  return __awaiter5(this, void 0, void 0, function* () {
    let stats = void 0;
    try {
      stats = yield stat(filePath);
    } catch (err) {
      if (err.code !== "ENOENT") {
        console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
      }
    }
    if (stats && stats.isFile()) {
      if (IS_WINDOWS) {
        const upperExt = path2.extname(filePath).toUpperCase();
        if (extensions.some((validExt) => validExt.toUpperCase() === upperExt)) {
          return filePath;
        }
      } else {
        if (isUnixExecutable(stats)) {
          return filePath;
        }
      }
    }
    const originalFilePath = filePath;
    for (const extension of extensions) {
      filePath = originalFilePath + extension;
      stats = void 0;
      try {
        stats = yield stat(filePath);
      } catch (err) {
        if (err.code !== "ENOENT") {
          console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
        }
      }
      if (stats && stats.isFile()) {
        if (IS_WINDOWS) {
          try {
            const directory = path2.dirname(filePath);
            const upperName = path2.basename(filePath).toUpperCase();
            for (const actualName of yield readdir(directory)) {
              if (upperName === actualName.toUpperCase()) {
                filePath = path2.join(directory, actualName);
                break;
              }
            }
          } catch (err) {
            console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
          }
          return filePath;
        } else {
          if (isUnixExecutable(stats)) {
            return filePath;
          }
        }
      }
    }
    return "";
  });
}
function normalizeSeparators(p) {
  p = p || "";
  if (IS_WINDOWS) {
    p = p.replace(/\//g, "\\");
    return p.replace(/\\\\+/g, "\\");
  }
  return p.replace(/\/\/+/g, "/");
}
function isUnixExecutable(stats) {
  return (stats.mode & 1) > 0 || (stats.mode & 8) > 0 && process.getgid !== void 0 && stats.gid === process.getgid() || (stats.mode & 64) > 0 && process.getuid !== void 0 && stats.uid === process.getuid();
}

// node_modules/@actions/io/lib/io.js
var __awaiter6 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve2) {
      resolve2(value);
    });
  }
  return new (P || (P = Promise))(function(resolve2, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve2(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
function which(tool, check) {
  return __awaiter6(this, void 0, void 0, function* () {
    if (!tool) {
      throw new Error("parameter 'tool' is required");
    }
    if (check) {
      const result = yield which(tool, false);
      if (!result) {
        if (IS_WINDOWS) {
          throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
        } else {
          throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
        }
      }
      return result;
    }
    const matches = yield findInPath(tool);
    if (matches && matches.length > 0) {
      return matches[0];
    }
    return "";
  });
}
function findInPath(tool) {
  return __awaiter6(this, void 0, void 0, function* () {
    if (!tool) {
      throw new Error("parameter 'tool' is required");
    }
    const extensions = [];
    if (IS_WINDOWS && process.env["PATHEXT"]) {
      for (const extension of process.env["PATHEXT"].split(path3.delimiter)) {
        if (extension) {
          extensions.push(extension);
        }
      }
    }
    if (isRooted(tool)) {
      const filePath = yield tryGetExecutablePath(tool, extensions);
      if (filePath) {
        return [filePath];
      }
      return [];
    }
    if (tool.includes(path3.sep)) {
      return [];
    }
    const directories = [];
    if (process.env.PATH) {
      for (const p of process.env.PATH.split(path3.delimiter)) {
        if (p) {
          directories.push(p);
        }
      }
    }
    const matches = [];
    for (const directory of directories) {
      const filePath = yield tryGetExecutablePath(path3.join(directory, tool), extensions);
      if (filePath) {
        matches.push(filePath);
      }
    }
    return matches;
  });
}

// node_modules/@actions/exec/lib/toolrunner.js
import { setTimeout as setTimeout2 } from "timers";
var __awaiter7 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve2) {
      resolve2(value);
    });
  }
  return new (P || (P = Promise))(function(resolve2, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve2(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var IS_WINDOWS2 = process.platform === "win32";
var ToolRunner = class extends events.EventEmitter {
  constructor(toolPath, args, options) {
    super();
    if (!toolPath) {
      throw new Error("Parameter 'toolPath' cannot be null or empty.");
    }
    this.toolPath = toolPath;
    this.args = args || [];
    this.options = options || {};
  }
  _debug(message) {
    if (this.options.listeners && this.options.listeners.debug) {
      this.options.listeners.debug(message);
    }
  }
  _getCommandString(options, noPrefix) {
    const toolPath = this._getSpawnFileName();
    const args = this._getSpawnArgs(options);
    let cmd = noPrefix ? "" : "[command]";
    if (IS_WINDOWS2) {
      if (this._isCmdFile()) {
        cmd += toolPath;
        for (const a of args) {
          cmd += ` ${a}`;
        }
      } else if (options.windowsVerbatimArguments) {
        cmd += `"${toolPath}"`;
        for (const a of args) {
          cmd += ` ${a}`;
        }
      } else {
        cmd += this._windowsQuoteCmdArg(toolPath);
        for (const a of args) {
          cmd += ` ${this._windowsQuoteCmdArg(a)}`;
        }
      }
    } else {
      cmd += toolPath;
      for (const a of args) {
        cmd += ` ${a}`;
      }
    }
    return cmd;
  }
  _processLineBuffer(data, strBuffer, onLine) {
    try {
      let s = strBuffer + data.toString();
      let n = s.indexOf(os3.EOL);
      while (n > -1) {
        const line = s.substring(0, n);
        onLine(line);
        s = s.substring(n + os3.EOL.length);
        n = s.indexOf(os3.EOL);
      }
      return s;
    } catch (err) {
      this._debug(`error processing line. Failed with error ${err}`);
      return "";
    }
  }
  _getSpawnFileName() {
    if (IS_WINDOWS2) {
      if (this._isCmdFile()) {
        return process.env["COMSPEC"] || "cmd.exe";
      }
    }
    return this.toolPath;
  }
  _getSpawnArgs(options) {
    if (IS_WINDOWS2) {
      if (this._isCmdFile()) {
        let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
        for (const a of this.args) {
          argline += " ";
          argline += options.windowsVerbatimArguments ? a : this._windowsQuoteCmdArg(a);
        }
        argline += '"';
        return [argline];
      }
    }
    return this.args;
  }
  _endsWith(str, end) {
    return str.endsWith(end);
  }
  _isCmdFile() {
    const upperToolPath = this.toolPath.toUpperCase();
    return this._endsWith(upperToolPath, ".CMD") || this._endsWith(upperToolPath, ".BAT");
  }
  _windowsQuoteCmdArg(arg) {
    if (!this._isCmdFile()) {
      return this._uvQuoteCmdArg(arg);
    }
    if (!arg) {
      return '""';
    }
    const cmdSpecialChars = [
      " ",
      "	",
      "&",
      "(",
      ")",
      "[",
      "]",
      "{",
      "}",
      "^",
      "=",
      ";",
      "!",
      "'",
      "+",
      ",",
      "`",
      "~",
      "|",
      "<",
      ">",
      '"'
    ];
    let needsQuotes = false;
    for (const char of arg) {
      if (cmdSpecialChars.some((x) => x === char)) {
        needsQuotes = true;
        break;
      }
    }
    if (!needsQuotes) {
      return arg;
    }
    let reverse = '"';
    let quoteHit = true;
    for (let i = arg.length; i > 0; i--) {
      reverse += arg[i - 1];
      if (quoteHit && arg[i - 1] === "\\") {
        reverse += "\\";
      } else if (arg[i - 1] === '"') {
        quoteHit = true;
        reverse += '"';
      } else {
        quoteHit = false;
      }
    }
    reverse += '"';
    return reverse.split("").reverse().join("");
  }
  _uvQuoteCmdArg(arg) {
    if (!arg) {
      return '""';
    }
    if (!arg.includes(" ") && !arg.includes("	") && !arg.includes('"')) {
      return arg;
    }
    if (!arg.includes('"') && !arg.includes("\\")) {
      return `"${arg}"`;
    }
    let reverse = '"';
    let quoteHit = true;
    for (let i = arg.length; i > 0; i--) {
      reverse += arg[i - 1];
      if (quoteHit && arg[i - 1] === "\\") {
        reverse += "\\";
      } else if (arg[i - 1] === '"') {
        quoteHit = true;
        reverse += "\\";
      } else {
        quoteHit = false;
      }
    }
    reverse += '"';
    return reverse.split("").reverse().join("");
  }
  _cloneExecOptions(options) {
    options = options || {};
    const result = {
      cwd: options.cwd || process.cwd(),
      env: options.env || process.env,
      silent: options.silent || false,
      windowsVerbatimArguments: options.windowsVerbatimArguments || false,
      failOnStdErr: options.failOnStdErr || false,
      ignoreReturnCode: options.ignoreReturnCode || false,
      delay: options.delay || 1e4
    };
    result.outStream = options.outStream || process.stdout;
    result.errStream = options.errStream || process.stderr;
    return result;
  }
  _getSpawnOptions(options, toolPath) {
    options = options || {};
    const result = {};
    result.cwd = options.cwd;
    result.env = options.env;
    result["windowsVerbatimArguments"] = options.windowsVerbatimArguments || this._isCmdFile();
    if (options.windowsVerbatimArguments) {
      result.argv0 = `"${toolPath}"`;
    }
    return result;
  }
  /**
   * Exec a tool.
   * Output will be streamed to the live console.
   * Returns promise with return code
   *
   * @param     tool     path to tool to exec
   * @param     options  optional exec options.  See ExecOptions
   * @returns   number
   */
  exec() {
    return __awaiter7(this, void 0, void 0, function* () {
      if (!isRooted(this.toolPath) && (this.toolPath.includes("/") || IS_WINDOWS2 && this.toolPath.includes("\\"))) {
        this.toolPath = path4.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
      }
      this.toolPath = yield which(this.toolPath, true);
      return new Promise((resolve2, reject) => __awaiter7(this, void 0, void 0, function* () {
        this._debug(`exec tool: ${this.toolPath}`);
        this._debug("arguments:");
        for (const arg of this.args) {
          this._debug(`   ${arg}`);
        }
        const optionsNonNull = this._cloneExecOptions(this.options);
        if (!optionsNonNull.silent && optionsNonNull.outStream) {
          optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + os3.EOL);
        }
        const state = new ExecState(optionsNonNull, this.toolPath);
        state.on("debug", (message) => {
          this._debug(message);
        });
        if (this.options.cwd && !(yield exists(this.options.cwd))) {
          return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
        }
        const fileName = this._getSpawnFileName();
        const cp = child.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
        let stdbuffer = "";
        if (cp.stdout) {
          cp.stdout.on("data", (data) => {
            if (this.options.listeners && this.options.listeners.stdout) {
              this.options.listeners.stdout(data);
            }
            if (!optionsNonNull.silent && optionsNonNull.outStream) {
              optionsNonNull.outStream.write(data);
            }
            stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
              if (this.options.listeners && this.options.listeners.stdline) {
                this.options.listeners.stdline(line);
              }
            });
          });
        }
        let errbuffer = "";
        if (cp.stderr) {
          cp.stderr.on("data", (data) => {
            state.processStderr = true;
            if (this.options.listeners && this.options.listeners.stderr) {
              this.options.listeners.stderr(data);
            }
            if (!optionsNonNull.silent && optionsNonNull.errStream && optionsNonNull.outStream) {
              const s = optionsNonNull.failOnStdErr ? optionsNonNull.errStream : optionsNonNull.outStream;
              s.write(data);
            }
            errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
              if (this.options.listeners && this.options.listeners.errline) {
                this.options.listeners.errline(line);
              }
            });
          });
        }
        cp.on("error", (err) => {
          state.processError = err.message;
          state.processExited = true;
          state.processClosed = true;
          state.CheckComplete();
        });
        cp.on("exit", (code) => {
          state.processExitCode = code;
          state.processExited = true;
          this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
          state.CheckComplete();
        });
        cp.on("close", (code) => {
          state.processExitCode = code;
          state.processExited = true;
          state.processClosed = true;
          this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
          state.CheckComplete();
        });
        state.on("done", (error2, exitCode) => {
          if (stdbuffer.length > 0) {
            this.emit("stdline", stdbuffer);
          }
          if (errbuffer.length > 0) {
            this.emit("errline", errbuffer);
          }
          cp.removeAllListeners();
          if (error2) {
            reject(error2);
          } else {
            resolve2(exitCode);
          }
        });
        if (this.options.input) {
          if (!cp.stdin) {
            throw new Error("child process missing stdin");
          }
          cp.stdin.end(this.options.input);
        }
      }));
    });
  }
};
function argStringToArray(argString) {
  const args = [];
  let inQuotes = false;
  let escaped = false;
  let arg = "";
  function append(c) {
    if (escaped && c !== '"') {
      arg += "\\";
    }
    arg += c;
    escaped = false;
  }
  for (let i = 0; i < argString.length; i++) {
    const c = argString.charAt(i);
    if (c === '"') {
      if (!escaped) {
        inQuotes = !inQuotes;
      } else {
        append(c);
      }
      continue;
    }
    if (c === "\\" && escaped) {
      append(c);
      continue;
    }
    if (c === "\\" && inQuotes) {
      escaped = true;
      continue;
    }
    if (c === " " && !inQuotes) {
      if (arg.length > 0) {
        args.push(arg);
        arg = "";
      }
      continue;
    }
    append(c);
  }
  if (arg.length > 0) {
    args.push(arg.trim());
  }
  return args;
}
var ExecState = class _ExecState extends events.EventEmitter {
  constructor(options, toolPath) {
    super();
    this.processClosed = false;
    this.processError = "";
    this.processExitCode = 0;
    this.processExited = false;
    this.processStderr = false;
    this.delay = 1e4;
    this.done = false;
    this.timeout = null;
    if (!toolPath) {
      throw new Error("toolPath must not be empty");
    }
    this.options = options;
    this.toolPath = toolPath;
    if (options.delay) {
      this.delay = options.delay;
    }
  }
  CheckComplete() {
    if (this.done) {
      return;
    }
    if (this.processClosed) {
      this._setResult();
    } else if (this.processExited) {
      this.timeout = setTimeout2(_ExecState.HandleTimeout, this.delay, this);
    }
  }
  _debug(message) {
    this.emit("debug", message);
  }
  _setResult() {
    let error2;
    if (this.processExited) {
      if (this.processError) {
        error2 = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
      } else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
        error2 = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
      } else if (this.processStderr && this.options.failOnStdErr) {
        error2 = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
      }
    }
    if (this.timeout) {
      clearTimeout(this.timeout);
      this.timeout = null;
    }
    this.done = true;
    this.emit("done", error2, this.processExitCode);
  }
  static HandleTimeout(state) {
    if (state.done) {
      return;
    }
    if (!state.processClosed && state.processExited) {
      const message = `The STDIO streams did not close within ${state.delay / 1e3} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
      state._debug(message);
    }
    state._setResult();
  }
};

// node_modules/@actions/exec/lib/exec.js
var __awaiter8 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve2) {
      resolve2(value);
    });
  }
  return new (P || (P = Promise))(function(resolve2, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve2(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
function exec(commandLine, args, options) {
  return __awaiter8(this, void 0, void 0, function* () {
    const commandArgs = argStringToArray(commandLine);
    if (commandArgs.length === 0) {
      throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
    }
    const toolPath = commandArgs[0];
    args = commandArgs.slice(1).concat(args || []);
    const runner = new ToolRunner(toolPath, args, options);
    return runner.exec();
  });
}
function getExecOutput(commandLine, args, options) {
  return __awaiter8(this, void 0, void 0, function* () {
    var _a, _b;
    let stdout = "";
    let stderr = "";
    const stdoutDecoder = new StringDecoder("utf8");
    const stderrDecoder = new StringDecoder("utf8");
    const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
    const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
    const stdErrListener = (data) => {
      stderr += stderrDecoder.write(data);
      if (originalStdErrListener) {
        originalStdErrListener(data);
      }
    };
    const stdOutListener = (data) => {
      stdout += stdoutDecoder.write(data);
      if (originalStdoutListener) {
        originalStdoutListener(data);
      }
    };
    const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
    const exitCode = yield exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
    stdout += stdoutDecoder.end();
    stderr += stderrDecoder.end();
    return {
      exitCode,
      stdout,
      stderr
    };
  });
}

// node_modules/@actions/core/lib/platform.js
var __awaiter9 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve2) {
      resolve2(value);
    });
  }
  return new (P || (P = Promise))(function(resolve2, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve2(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var getWindowsInfo = () => __awaiter9(void 0, void 0, void 0, function* () {
  const { stdout: version } = yield getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Version"', void 0, {
    silent: true
  });
  const { stdout: name } = yield getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Caption"', void 0, {
    silent: true
  });
  return {
    name: name.trim(),
    version: version.trim()
  };
});
var getMacOsInfo = () => __awaiter9(void 0, void 0, void 0, function* () {
  var _a, _b, _c, _d;
  const { stdout } = yield getExecOutput("sw_vers", void 0, {
    silent: true
  });
  const version = (_b = (_a = stdout.match(/ProductVersion:\s*(.+)/)) === null || _a === void 0 ? void 0 : _a[1]) !== null && _b !== void 0 ? _b : "";
  const name = (_d = (_c = stdout.match(/ProductName:\s*(.+)/)) === null || _c === void 0 ? void 0 : _c[1]) !== null && _d !== void 0 ? _d : "";
  return {
    name,
    version
  };
});
var getLinuxInfo = () => __awaiter9(void 0, void 0, void 0, function* () {
  const { stdout } = yield getExecOutput("lsb_release", ["-i", "-r", "-s"], {
    silent: true
  });
  const [name, version] = stdout.trim().split("\n");
  return {
    name,
    version
  };
});
var platform = os4.platform();
var arch = os4.arch();
var isWindows = platform === "win32";
var isMacOS = platform === "darwin";
var isLinux = platform === "linux";
function getDetails() {
  return __awaiter9(this, void 0, void 0, function* () {
    return Object.assign(Object.assign({}, yield isWindows ? getWindowsInfo() : isMacOS ? getMacOsInfo() : getLinuxInfo()), {
      platform,
      arch,
      isWindows,
      isMacOS,
      isLinux
    });
  });
}

// node_modules/@actions/core/lib/core.js
var __awaiter10 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve2) {
      resolve2(value);
    });
  }
  return new (P || (P = Promise))(function(resolve2, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve2(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var ExitCode;
(function(ExitCode2) {
  ExitCode2[ExitCode2["Success"] = 0] = "Success";
  ExitCode2[ExitCode2["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
function exportVariable(name, val) {
  const convertedVal = toCommandValue(val);
  process.env[name] = convertedVal;
  const filePath = process.env["GITHUB_ENV"] || "";
  if (filePath) {
    return issueFileCommand("ENV", prepareKeyValueMessage(name, val));
  }
  issueCommand("set-env", { name }, convertedVal);
}
function setSecret(secret) {
  issueCommand("add-mask", {}, secret);
}
function addPath(inputPath) {
  const filePath = process.env["GITHUB_PATH"] || "";
  if (filePath) {
    issueFileCommand("PATH", inputPath);
  } else {
    issueCommand("add-path", {}, inputPath);
  }
  process.env["PATH"] = `${inputPath}${path5.delimiter}${process.env["PATH"]}`;
}
function getInput(name, options) {
  const val = process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "";
  if (options && options.required && !val) {
    throw new Error(`Input required and not supplied: ${name}`);
  }
  if (options && options.trimWhitespace === false) {
    return val;
  }
  return val.trim();
}
function getMultilineInput(name, options) {
  const inputs = getInput(name, options).split("\n").filter((x) => x !== "");
  if (options && options.trimWhitespace === false) {
    return inputs;
  }
  return inputs.map((input) => input.trim());
}
function getBooleanInput(name, options) {
  const trueValue = ["true", "True", "TRUE"];
  const falseValue = ["false", "False", "FALSE"];
  const val = getInput(name, options);
  if (trueValue.includes(val))
    return true;
  if (falseValue.includes(val))
    return false;
  throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}
Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
function setOutput(name, value) {
  const filePath = process.env["GITHUB_OUTPUT"] || "";
  if (filePath) {
    return issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value));
  }
  process.stdout.write(os5.EOL);
  issueCommand("set-output", { name }, toCommandValue(value));
}
function setCommandEcho(enabled) {
  issue("echo", enabled ? "on" : "off");
}
function setFailed(message) {
  process.exitCode = ExitCode.Failure;
  error(message);
}
function isDebug() {
  return process.env["RUNNER_DEBUG"] === "1";
}
function debug(message) {
  issueCommand("debug", {}, message);
}
function error(message, properties = {}) {
  issueCommand("error", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function warning(message, properties = {}) {
  issueCommand("warning", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function notice(message, properties = {}) {
  issueCommand("notice", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function info(message) {
  process.stdout.write(message + os5.EOL);
}
function startGroup(name) {
  issue("group", name);
}
function endGroup() {
  issue("endgroup");
}
function group(name, fn) {
  return __awaiter10(this, void 0, void 0, function* () {
    startGroup(name);
    let result;
    try {
      result = yield fn();
    } finally {
      endGroup();
    }
    return result;
  });
}
function saveState(name, value) {
  const filePath = process.env["GITHUB_STATE"] || "";
  if (filePath) {
    return issueFileCommand("STATE", prepareKeyValueMessage(name, value));
  }
  issueCommand("save-state", { name }, toCommandValue(value));
}
function getState(name) {
  return process.env[`STATE_${name}`] || "";
}
function getIDToken(aud) {
  return __awaiter10(this, void 0, void 0, function* () {
    return yield OidcClient.getIDToken(aud);
  });
}

// src/action/runner-network.ts
import { X509Certificate } from "node:crypto";
var PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"];
var pick = (env, name) => env[name.toLowerCase()] || env[name.toUpperCase()] || void 0;
function withSubdomains(noProxy) {
  return noProxy.split(/[,\s]+/).filter(Boolean).flatMap((entry) => /^[.*]/.test(entry) ? [entry] : [entry, `.${entry}`]).join(",");
}
function proxyUrl(env, name) {
  const value = pick(env, name);
  if (value === void 0) return void 0;
  let protocol;
  try {
    protocol = new URL(value).protocol;
  } catch {
  }
  if (protocol !== "http:" && protocol !== "https:") throw new Error(`${name} (or ${name.toUpperCase()}) is not a proxy URL: expected http://host:port or https://host:port; fix it in the runner's environment`);
  return value;
}
function runnerNetwork(env, caCertificates = []) {
  const httpProxy = proxyUrl(env, "http_proxy");
  const httpsProxy = proxyUrl(env, "https_proxy");
  const noProxy = withSubdomains(pick(env, "no_proxy") ?? "");
  const proxyEnv = Object.fromEntries(PROXY_VARIABLES.filter((name) => env[name]).map((name) => [name, env[name]]));
  const ca = caCertificates.length ? [...runnerTrustStore(env), ...caCertificates] : void 0;
  const trustStore = () => [...runnerTrustStore(env), ...caCertificates];
  if (!httpProxy && !httpsProxy && !ca) return { fetch: globalThis.fetch, brokerFetch: nodeHttpFetch({ env }), trustStore, proxyEnv };
  const tls = ca ? { ca } : {};
  const options = {
    httpProxy: httpProxy ?? "",
    httpsProxy: httpsProxy ?? httpProxy ?? "",
    noProxy,
    connect: tls,
    requestTls: tls,
    proxyTls: tls
  };
  let loading;
  const load = () => loading ??= import("./undici-WZ5YVDJC.js").then((module) => {
    const { EnvHttpProxyAgent, fetch: fetch2 } = module.default;
    return { proxiedFetch: fetch2, dispatcher: new EnvHttpProxyAgent(options) };
  });
  const proxied = (async (input, init) => {
    const { proxiedFetch, dispatcher } = await load();
    return proxiedFetch(input, { ...init, dispatcher });
  });
  return { fetch: proxied, brokerFetch: proxied, trustStore, proxyEnv };
}
function parseCaCertificate(text) {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const pem = trimmed.includes("-----BEGIN") ? trimmed : Buffer.from(trimmed, "base64").toString("utf8");
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (!blocks.length) throw new Error("expected one or more PEM certificates (-----BEGIN CERTIFICATE-----), or their base64");
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch {
      throw new Error(`certificate ${index + 1} is not a valid X.509 certificate; paste the PEM of the CA that signed your Vault or Airlock server's certificate`);
    }
  });
  return blocks;
}

// src/action/action-settings.ts
var import_yaml = __toESM(require_dist(), 1);

// src/gateway/gateway-error.ts
var GatewayError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
  code;
  name = "GatewayError";
};

// src/gateway/upstream-origin.ts
function parseUpstreamOrigin(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new GatewayError("invalid-options", `upstream "${raw}" is not a URL`);
  }
  if (url.protocol !== "https:")
    throw new GatewayError("invalid-options", `upstream "${raw}" must use https`);
  if (url.username || url.password || url.pathname !== "/" || url.search || url.hash)
    throw new GatewayError(
      "invalid-options",
      `upstream "${raw}" must be an origin only (no credentials, path, query or fragment)`
    );
  const host = normalizeHost(url.hostname);
  if (host.kind === "invalid")
    throw new GatewayError("invalid-options", `upstream "${raw}": bad host (${host.reason})`);
  const port = url.port === "" ? 443 : Number(url.port);
  const shown = host.kind === "ipv6" ? `[${host.host}]` : host.host;
  return { host: host.host, port, label: `${shown}:${port}` };
}

// src/action/allowed-hosts.ts
var RESERVED_SUFFIX = ".airlock";
var DEFAULT_PORT = 443;
function splitEntry(entry) {
  if (entry.includes("/")) throw new Error(`"${entry}" is not a host; write host names, not URLs (api.github.com, not https://api.github.com/)`);
  let host = entry;
  let port;
  const bracketed = /^(\[[^\]]*\])(?::(.*))?$/.exec(entry);
  if (bracketed) [, host = "", port] = bracketed;
  else if (entry.split(":").length === 2) [host = "", port] = entry.split(":");
  if (port === void 0) return { host, port: DEFAULT_PORT };
  const n = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
  if (!(n >= 1 && n <= 65535)) throw new Error(`"${entry}" has a bad port; use host or host:port with a port from 1 to 65535`);
  return { host, port: n };
}
function parseAllowedHosts(text) {
  const ports = /* @__PURE__ */ new Map();
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const { host, port } = splitEntry(entry);
    const wildcard = host.startsWith("*.");
    const normalized = normalizeHost(wildcard ? host.slice(2) : host);
    if (normalized.kind === "invalid") throw new Error(`"${entry}" is not a valid host (${normalized.reason})`);
    const name = normalized.kind === "ipv6" ? `[${normalized.host}]` : normalized.host;
    if (normalized.kind === "name" && `.${name}`.endsWith(RESERVED_SUFFIX)) throw new Error(`"${entry}": names ending in ${RESERVED_SUFFIX} are reserved for Airlock's LLM gateway`);
    const key = wildcard ? `*.${name}` : name;
    ports.set(key, (ports.get(key) ?? /* @__PURE__ */ new Set()).add(port));
  }
  const rules = [...ports].map(([host, set]) => ({ host, ports: [...set].sort((a, b) => a - b) }));
  try {
    compileEgressPolicy({ hosts: rules, ...DEFAULT_EGRESS_LIMITS });
  } catch (error2) {
    if (error2 instanceof EgressPolicyError) throw new Error(error2.message, { cause: error2 });
    throw error2;
  }
  return { rules, entries: rules.flatMap((r) => (r.ports ?? []).map((p) => `${r.host}:${p}`)) };
}

// src/action/agent-presets.ts
var AGENT_KINDS = ["generic", "claude-code", "codex"];
var PROMPT_FILE = "/run/airlock/prompt.md";
var CLAUDE_MANAGED_SETTINGS = "/etc/claude-code/managed-settings.json";
function codexConfig(options) {
  return [
    ...options.model ? [`model = ${JSON.stringify(options.model)}`] : [],
    'model_provider = "airlock"',
    "",
    "[model_providers.airlock]",
    'name = "Airlock gateway"',
    `base_url = ${JSON.stringify(options.baseUrl)}`,
    'env_key = "OPENAI_API_KEY"',
    'wire_api = "responses"',
    "",
    "[analytics]",
    "enabled = false",
    "",
    "[features]",
    "plugins = false",
    "enable_request_compression = false",
    ""
  ].join("\n");
}
function agentPreset(kind, options) {
  const task = `"$(cat "${PROMPT_FILE}")"`;
  if (kind === "claude-code") {
    return {
      provider: "anthropic",
      // Non-essential traffic would reach api.anthropic.com with the key; IS_SANDBOX lets
      // --dangerously-skip-permissions run (it refuses uid 0 otherwise, and Airlock is the sandbox).
      env: { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1", DISABLE_AUTOUPDATER: "1", IS_SANDBOX: "1" },
      files: [{ target: CLAUDE_MANAGED_SETTINGS, content: JSON.stringify({ env: { ANTHROPIC_BASE_URL: options.baseUrl, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" }, sandbox: { enabled: false } }, null, 2) + "\n" }],
      defaultRun: `claude -p ${task} --dangerously-skip-permissions${options.model ? ` --model ${options.model}` : ""}`
    };
  }
  if (kind === "codex") {
    const codexHome = `${options.home}/.codex`;
    return {
      provider: "openai",
      env: { CODEX_HOME: codexHome },
      files: [{ target: `${codexHome}/config.toml`, content: codexConfig(options) }],
      // Its own sandbox cannot nest in Airlock's (`exec` would otherwise use it); stdin is read to the end, so none.
      defaultRun: `codex exec --skip-git-repo-check --dangerously-bypass-approvals-and-sandbox --ephemeral ${task} < /dev/null`
    };
  }
  return { env: {}, files: [] };
}

// src/action/vault/vault-error.ts
var VaultError = class extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
    this.name = "VaultError";
  }
  code;
  status;
};

// src/action/vault/parse-secrets-input.ts
var EXAMPLE = '"secret/data/ci/npm token | NPM_TOKEN"';
var EXAMPLE_BOUND = '"secret/data/ci/npm token | NPM_TOKEN | registry.npmjs.org"';
var AUTH_SCHEMES = ["bearer", "token", "basic"];
function parseBinding(text) {
  const hosts = [];
  let header;
  let auth;
  let approval = false;
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    if (word === "approval") approval = true;
    else if (word.startsWith("header=")) {
      header = word.slice("header=".length).toLowerCase();
      if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(header)) return `header "${header}" is not a header name`;
      if (["authorization", "proxy-authorization", "host", "cookie", "content-length", "transfer-encoding", "connection"].includes(header)) return `header=${header} is not allowed; use auth=... for Authorization, or name the header the service reads (e.g. header=x-api-key)`;
    } else if (word.startsWith("auth=")) {
      const schemes = word.slice("auth=".length).toLowerCase().split(",");
      const bad = schemes.find((x) => !AUTH_SCHEMES.includes(x));
      if (bad !== void 0) return `auth=${bad}: expected bearer, token or basic (comma-separated)`;
      auth = schemes;
    } else hosts.push(word);
  }
  if (hosts.length === 0) return `the binding after the second "|" names no host; e.g. ${EXAMPLE_BOUND}`;
  if (header !== void 0 && auth !== void 0) return "give either header=<name> or auth=<schemes>, not both";
  let parsed;
  try {
    parsed = parseAllowedHosts(hosts.join(" "));
  } catch (error2) {
    return `binding hosts: ${error2.message}`;
  }
  return { hosts: [...parsed.rules], entries: [...parsed.entries], auth: header !== void 0 ? [] : auth ?? [...AUTH_SCHEMES], ...header !== void 0 ? { header } : {}, approval };
}
var FORBIDDEN_PREFIXES = ["GITHUB_", "ACTIONS_", "RUNNER_", "INPUT_", "STATE_", "AIRLOCK_", "LD_", "DYLD_", "GIT_", "BASH_FUNC_", "NPM_CONFIG_"];
var FORBIDDEN_NAMES = /* @__PURE__ */ new Set([
  "PATH",
  "HOME",
  "SHELL",
  "USER",
  "PWD",
  "TMPDIR",
  "IFS",
  "ENV",
  "BASH_ENV",
  "SHELLOPTS",
  "BASHOPTS",
  "PS4",
  "PROMPT_COMMAND",
  "CDPATH",
  "GLOBIGNORE",
  "NODE_OPTIONS",
  "NODE_PATH",
  "NODE_EXTRA_CA_CERTS",
  "NODE_TLS_REJECT_UNAUTHORIZED",
  "NODE_REPL_EXTERNAL_MODULE",
  "PYTHONPATH",
  "PYTHONSTARTUP",
  "PYTHONHOME",
  "PYTHONINSPECT",
  "PERL5OPT",
  "PERL5LIB",
  "PERLLIB",
  "RUBYOPT",
  "RUBYLIB",
  "JAVA_TOOL_OPTIONS",
  "_JAVA_OPTIONS",
  "JDK_JAVA_OPTIONS",
  "CLASSPATH",
  "GCONV_PATH",
  "HOSTALIASES",
  "LOCALDOMAIN",
  "RES_OPTIONS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "CURL_CA_BUNDLE",
  "REQUESTS_CA_BUNDLE",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "ALL_PROXY",
  "NO_PROXY",
  "EDITOR",
  "VISUAL",
  "PAGER",
  "BROWSER",
  "CI"
]);
function envNameProblem(name) {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) {
    const upper = name.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
    return `"${name}" is not an upper-case identifier ([A-Z_][A-Z0-9_]*)${/^[A-Z_][A-Z0-9_]*$/.test(upper) ? `; did you mean ${upper}?` : ""}`;
  }
  const prefix = FORBIDDEN_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `${name} starts with ${prefix}, which is reserved for the runner, Airlock or the tools the agent runs; choose another name`;
  if (FORBIDDEN_NAMES.has(name)) return `${name} would change how the agent's processes start or connect; choose another name`;
  return void 0;
}
function pathProblem(path6) {
  if (path6.startsWith("/")) return `path "${path6}" starts with "/"; write it without, e.g. ${path6.replace(/^\/+/, "")}`;
  if (!/^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/.test(path6)) return `path "${path6}" may hold only letters, digits, "_", ".", "-" and single "/" separators`;
  if (path6.split("/").some((segment) => segment === "." || segment === "..")) return `path "${path6}" may not contain "." or ".." segments`;
  return void 0;
}
function parseSecretsInput(text) {
  const requests = [];
  const problems = [];
  const seen = /* @__PURE__ */ new Map();
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = index + 1;
    if (rawLine.trim().startsWith("#")) return;
    for (const raw of rawLine.split(";")) {
      const entry = raw.trim();
      if (entry === "") continue;
      const problem = (message) => problems.push(`line ${line} ("${entry}"): ${message}`);
      const parts = entry.split("|");
      if (parts.length !== 2 && parts.length !== 3) {
        problem(parts.length === 1 ? `missing "| ENV_NAME"; expected "<path> <key> | ENV_NAME", e.g. ${EXAMPLE}` : `expected "<path> <key> | ENV_NAME" and optionally "| <hosts> [header=<name>] [auth=bearer,token,basic] [approval]", e.g. ${EXAMPLE_BOUND}`);
        continue;
      }
      const words = parts[0].trim().split(/\s+/).filter(Boolean);
      const envName = parts[1].trim();
      if (words.length !== 2) {
        problem(
          words.length < 2 ? `names a path but no key; Airlock reads one key per entry: write "<path> <key> | ENV_NAME" (one entry per key), e.g. ${EXAMPLE}` : `expected "<path> <key>" before "|", found ${words.length} words; paths and keys contain no spaces`
        );
        continue;
      }
      const [path6, key] = words;
      const issue2 = pathProblem(path6) ?? (/^[A-Za-z0-9_.-]+$/.test(key) ? void 0 : `key "${key}" may hold only letters, digits, "_", "." and "-"`) ?? envNameProblem(envName);
      if (issue2) {
        problem(issue2);
        continue;
      }
      const earlier = seen.get(envName);
      if (earlier !== void 0) {
        problem(`${envName} is already set by line ${earlier}; give each secret its own name`);
        continue;
      }
      let binding;
      if (parts.length === 3) {
        const parsed = parseBinding(parts[2]);
        if (typeof parsed === "string") {
          problem(parsed);
          continue;
        }
        binding = parsed;
      }
      seen.set(envName, line);
      requests.push({ path: path6, key, envName, line, ...binding ? { binding } : {} });
    }
  });
  if (problems.length) throw new VaultError("secrets_input_invalid", `the secrets input has ${problems.length} problem(s):
${problems.join("\n")}`);
  return requests;
}

// src/action/aws/read-aws-settings.ts
var MIN_SESSION = 900;
var MAX_SESSION = 43200;
var MAX_POLICY_CHARACTERS = 2048;
var ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso[a-z-]*)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
var REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
var SERVICE = /^[a-z0-9][a-z0-9-]{0,62}$/;
var https2 = (name, value) => {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`input "${name}": ${JSON.stringify(value)} is not a URL; expected e.g. https://sts.us-east-1.amazonaws.com`);
  }
  if (url.protocol !== "https:" || url.username || url.password || url.pathname !== "/" && url.pathname !== "" || url.search || url.hash) throw new Error(`input "${name}": ${JSON.stringify(value)} must be an https origin (scheme, host and port only), e.g. https://sts.us-east-1.amazonaws.com`);
  return url;
};
function readAwsSettings(getInput2) {
  const roleArn = getInput2("aws-role-to-assume").trim();
  const others = ["aws-region", "aws-session-duration", "aws-session-policy", "aws-sts-endpoint", "aws-endpoints"].filter((name) => getInput2(name).trim());
  if (!roleArn) {
    if (others.length) throw new Error(`${others.map((n) => `"${n}"`).join(", ")} need "aws-role-to-assume": the ARN of the IAM role the job's OIDC token assumes`);
    return void 0;
  }
  if (!ROLE_ARN.test(roleArn)) throw new Error(`input "aws-role-to-assume" must be an IAM role ARN such as arn:aws:iam::123456789012:role/my-agent-role, not ${JSON.stringify(roleArn)}`);
  const region = getInput2("aws-region").trim();
  if (!REGION.test(region)) throw new Error(`input "aws-region" is required with "aws-role-to-assume" and must be a region such as us-east-1${region ? `, not ${JSON.stringify(region)}` : ""}`);
  const durationText = getInput2("aws-session-duration").trim() || String(MIN_SESSION);
  const sessionSeconds = /^\d+$/.test(durationText) ? Number(durationText) : NaN;
  if (!(sessionSeconds >= MIN_SESSION && sessionSeconds <= MAX_SESSION)) throw new Error(`input "aws-session-duration" must be a whole number of seconds from ${MIN_SESSION} to ${MAX_SESSION} (and at most the role's maximum session duration), not ${JSON.stringify(durationText)}`);
  const policyText = getInput2("aws-session-policy").trim();
  let sessionPolicy;
  if (policyText) {
    let parsed;
    try {
      parsed = JSON.parse(policyText);
    } catch {
      throw new Error('input "aws-session-policy" is not valid JSON; expected an IAM policy document such as {"Version":"2012-10-17","Statement":[...]}');
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || !("Statement" in parsed)) throw new Error('input "aws-session-policy" must be an IAM policy document: a JSON object with a Statement');
    sessionPolicy = JSON.stringify(parsed);
    if (sessionPolicy.length > MAX_POLICY_CHARACTERS) throw new Error(`input "aws-session-policy" is ${sessionPolicy.length} characters once compacted; STS takes at most ${MAX_POLICY_CHARACTERS}: use fewer statements or wildcards`);
  }
  const stsText = getInput2("aws-sts-endpoint").trim();
  const stsEndpoint = stsText ? https2("aws-sts-endpoint", stsText).origin : `https://sts.${region}.amazonaws.com`;
  const endpoints = /* @__PURE__ */ new Map();
  const endpointUrls = /* @__PURE__ */ new Map();
  for (const line of getInput2("aws-endpoints").split("\n").map((l) => l.trim()).filter(Boolean)) {
    const eq = line.indexOf("=");
    const service = line.slice(0, Math.max(eq, 0)).trim();
    if (eq < 0 || !SERVICE.test(service)) throw new Error(`input "aws-endpoints": ${JSON.stringify(line)} must be "<service>=<https URL>", e.g. s3=https://minio.internal:9000`);
    const url = https2("aws-endpoints", line.slice(eq + 1).trim());
    if (url.hostname.endsWith(".amazonaws.com")) throw new Error(`input "aws-endpoints": ${url.hostname} is an AWS name; AWS endpoints need no entry (Airlock reads the service and region from the name)`);
    const key = endpointKey(url);
    if (endpoints.has(key) || endpointUrls.has(service)) throw new Error(`input "aws-endpoints": ${service} or ${url.host} is listed twice`);
    endpoints.set(key, { service, region });
    endpointUrls.set(service, url.origin);
  }
  return { roleArn, region, sessionSeconds, ...sessionPolicy ? { sessionPolicy } : {}, stsEndpoint, endpoints, endpointUrls };
}

// src/action/azure/azure-binding.ts
import { randomBytes, randomUUID as randomUUID2 } from "node:crypto";
var AZURE_CREDENTIAL_ID = "azure";
var RESOURCE_HOSTS = {
  "https://storage.azure.com": ["*.blob.core.windows.net", "*.queue.core.windows.net", "*.table.core.windows.net", "*.file.core.windows.net", "*.dfs.core.windows.net"],
  "https://vault.azure.net": ["*.vault.azure.net"]
};
function resourceHostRules(resource) {
  const known = RESOURCE_HOSTS[resource];
  if (known) return known.map((host) => ({ host, ports: [443] }));
  const url = new URL(resource);
  return [{ host: url.hostname.toLowerCase(), ports: [Number(url.port || 443)] }];
}
function azurePlaceholderToken(claims) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const exp = Math.floor(Date.parse(claims.expiresAt) / 1e3);
  const header = { typ: "JWT", alg: "RS256", kid: "airlock-placeholder" };
  const body = { aud: claims.resource, iss: `https://sts.windows.net/${claims.tenantId}/`, tid: claims.tenantId, appid: claims.clientId, exp, uti: randomUUID2() };
  return `${part(header)}.${part(body)}.${randomBytes(256).toString("base64url")}`;
}
function azureCredentialBinding(options) {
  return {
    id: AZURE_CREDENTIAL_ID,
    kind: "azure-token",
    placeholder: options.placeholder,
    hosts: resourceHostRules(options.resource),
    placements: [{ kind: "authorization", schemes: ["bearer"] }],
    real: options.real,
    cloud: { provider: "azure", identity: options.clientId, serviceOf: () => options.resource }
  };
}
var AZURE_AGENT_VARIABLES = ["AZURE_ACCESS_TOKEN", "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_SUBSCRIPTION_ID"];
function azureAgentEnv(placeholder, ids) {
  return { AZURE_ACCESS_TOKEN: placeholder, AZURE_CLIENT_ID: ids.clientId, AZURE_TENANT_ID: ids.tenantId, ...ids.subscriptionId ? { AZURE_SUBSCRIPTION_ID: ids.subscriptionId } : {} };
}

// src/action/https-origin-input.ts
function httpsOriginInput(name, value, example) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`input "${name}": ${JSON.stringify(value)} is not a URL; expected an https origin such as ${example}`);
  }
  if (url.protocol !== "https:" || url.username || url.password || url.pathname !== "/" && url.pathname !== "" || url.search || url.hash) throw new Error(`input "${name}": ${JSON.stringify(value)} must be an https origin (scheme, host and port only), e.g. ${example}`);
  return url;
}
var originKey = (url) => `${url.hostname.toLowerCase()}:${url.port || "443"}`;

// src/action/azure/read-azure-settings.ts
var GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
var TENANT_DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;
function readAzureSettings(getInput2) {
  const clientId = getInput2("azure-client-id").trim();
  const others = ["azure-tenant-id", "azure-subscription-id", "azure-audience", "azure-resource", "azure-authority-host"].filter((name) => getInput2(name).trim());
  if (!clientId) {
    if (others.length) throw new Error(`${others.map((n) => `"${n}"`).join(", ")} need "azure-client-id": the application (client) id of the app registration whose federated credential trusts this workflow`);
    return void 0;
  }
  if (!GUID.test(clientId)) throw new Error(`input "azure-client-id" must be an application (client) id, a GUID such as 0b6e8a3c-5f21-4d7e-9c48-1a2b3c4d5e6f, not ${JSON.stringify(clientId)}`);
  const tenantId = getInput2("azure-tenant-id").trim();
  if (!GUID.test(tenantId) && !TENANT_DOMAIN.test(tenantId)) throw new Error(`input "azure-tenant-id" is required with "azure-client-id" and must be the directory (tenant) id, a GUID${tenantId ? `, not ${JSON.stringify(tenantId)}` : ""}`);
  const subscriptionId = getInput2("azure-subscription-id").trim();
  if (subscriptionId && !GUID.test(subscriptionId)) throw new Error(`input "azure-subscription-id" must be a subscription id (a GUID), not ${JSON.stringify(subscriptionId)}`);
  const resourceText = getInput2("azure-resource").trim().replace(/\/+$/, "");
  const resource = resourceText ? httpsOriginInput("azure-resource", resourceText, "https://management.azure.com").origin : "https://management.azure.com";
  const authorityText = getInput2("azure-authority-host").trim();
  const authorityHost = authorityText ? httpsOriginInput("azure-authority-host", authorityText, "https://login.microsoftonline.com").origin : "https://login.microsoftonline.com";
  return { clientId, tenantId, ...subscriptionId ? { subscriptionId } : {}, audience: getInput2("azure-audience").trim() || "api://AzureADTokenExchange", resource, authorityHost };
}

// src/action/gcp/gcp-binding.ts
import { randomBytes as randomBytes2 } from "node:crypto";

// src/action/host-rules-of.ts
function hostRulesOf(keys) {
  const ports = /* @__PURE__ */ new Map();
  for (const key of keys) {
    const colon = key.lastIndexOf(":");
    ports.set(key.slice(0, colon), [...ports.get(key.slice(0, colon)) ?? [], Number(key.slice(colon + 1))]);
  }
  return [...ports].map(([host, list]) => ({ host, ports: list }));
}

// src/action/gcp/gcp-binding.ts
var GCP_CREDENTIAL_ID = "gcp";
function gcpPlaceholderToken() {
  return `ya29.${randomBytes2(120).toString("base64url")}`;
}
function gcpCredentialBinding(options) {
  return {
    id: GCP_CREDENTIAL_ID,
    kind: "gcp-token",
    placeholder: options.placeholder,
    hosts: [{ host: "*.googleapis.com", ports: [443] }, ...hostRulesOf(options.endpoints.keys())],
    placements: [{ kind: "authorization", schemes: ["bearer"] }],
    real: options.real,
    cloud: {
      provider: "gcp",
      identity: options.identity,
      serviceOf: (host, port) => options.endpoints.get(`${host.toLowerCase()}:${port}`) ?? host.toLowerCase().replace(/\.googleapis\.com$/, "")
    }
  };
}
var GCP_AGENT_VARIABLES = ["GOOGLE_OAUTH_ACCESS_TOKEN", "GOOGLE_CLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT", "CLOUDSDK_PROJECT", "GCLOUD_PROJECT", "GCP_PROJECT"];
function gcpAgentEnv(placeholder, projectId) {
  return { GOOGLE_OAUTH_ACCESS_TOKEN: placeholder, ...projectId ? { GOOGLE_CLOUD_PROJECT: projectId, CLOUDSDK_CORE_PROJECT: projectId, CLOUDSDK_PROJECT: projectId, GCLOUD_PROJECT: projectId, GCP_PROJECT: projectId } : {} };
}

// src/action/gcp/read-gcp-settings.ts
var PROVIDER = /^projects\/\d{1,20}\/locations\/global\/workloadIdentityPools\/[a-z0-9-]{4,32}\/providers\/[a-z0-9-]{4,32}$/;
var SERVICE_ACCOUNT = /^[a-z0-9][a-z0-9-]{0,62}@[a-z0-9.-]+\.gserviceaccount\.com$/;
var PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
var SERVICE2 = /^[a-z0-9][a-z0-9-]{0,62}$/;
var MAX_LIFETIME = 3600;
var DEFAULT_LIFETIME = 600;
var CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
function readGcpSettings(getInput2) {
  const provider = getInput2("gcp-workload-identity-provider").trim();
  const others = ["gcp-service-account", "gcp-audience", "gcp-access-token-lifetime", "gcp-access-token-scopes", "gcp-project-id", "gcp-sts-endpoint", "gcp-iamcredentials-endpoint", "gcp-endpoints"].filter((name) => getInput2(name).trim());
  if (!provider) {
    if (others.length) throw new Error(`${others.map((n) => `"${n}"`).join(", ")} need "gcp-workload-identity-provider": the full name of the workload identity pool provider the job's OIDC token is exchanged at`);
    return void 0;
  }
  if (!PROVIDER.test(provider)) throw new Error(`input "gcp-workload-identity-provider" must be a provider's full name such as projects/123456789/locations/global/workloadIdentityPools/github/providers/my-repo (the project number, not its id), not ${JSON.stringify(provider)}`);
  const serviceAccount = getInput2("gcp-service-account").trim();
  if (serviceAccount && !SERVICE_ACCOUNT.test(serviceAccount)) throw new Error(`input "gcp-service-account" must be a service account's email such as my-agent@my-project.iam.gserviceaccount.com, not ${JSON.stringify(serviceAccount)}`);
  const lifetimeText = getInput2("gcp-access-token-lifetime").trim();
  if (lifetimeText && !serviceAccount) throw new Error(`input "gcp-access-token-lifetime" needs "gcp-service-account": a federated token lives as long as Google's STS decides (an hour); impersonate a service account to choose a shorter one`);
  const lifetime = lifetimeText ? /^\d+s?$/.test(lifetimeText) ? Number(lifetimeText.replace(/s$/, "")) : NaN : DEFAULT_LIFETIME;
  if (!(lifetime >= 1 && lifetime <= MAX_LIFETIME)) throw new Error(`input "gcp-access-token-lifetime" must be a whole number of seconds from 1 to ${MAX_LIFETIME} (e.g. 600 or 600s), not ${JSON.stringify(lifetimeText)}`);
  const scopesText = getInput2("gcp-access-token-scopes").trim();
  const scopes = scopesText ? scopesText.split(/[,\n]/).map((s) => s.trim()).filter(Boolean) : [CLOUD_PLATFORM];
  for (const scope of scopes) if (!/^https:\/\/www\.googleapis\.com\/auth\/[\w.-]+$/.test(scope)) throw new Error(`input "gcp-access-token-scopes": ${JSON.stringify(scope)} is not an OAuth scope such as ${CLOUD_PLATFORM}`);
  if (scopesText && !serviceAccount) throw new Error(`input "gcp-access-token-scopes" needs "gcp-service-account": the federated token's scope is fixed at cloud-platform`);
  const projectId = getInput2("gcp-project-id").trim();
  if (projectId && !PROJECT.test(projectId)) throw new Error(`input "gcp-project-id" must be a project id such as my-project-123, not ${JSON.stringify(projectId)}`);
  const audience = getInput2("gcp-audience").trim() || `https://iam.googleapis.com/${provider}`;
  const origin = (name, fallback) => {
    const text = getInput2(name).trim();
    return text ? httpsOriginInput(name, text, fallback).origin : fallback;
  };
  const endpoints = /* @__PURE__ */ new Map();
  for (const line of getInput2("gcp-endpoints").split("\n").map((l) => l.trim()).filter(Boolean)) {
    const eq = line.indexOf("=");
    const service = line.slice(0, Math.max(eq, 0)).trim();
    if (eq < 0 || !SERVICE2.test(service)) throw new Error(`input "gcp-endpoints": ${JSON.stringify(line)} must be "<service>=<https origin>", e.g. storage=https://storage.internal:8443`);
    const url = httpsOriginInput("gcp-endpoints", line.slice(eq + 1).trim(), "https://storage.internal:8443");
    if (url.hostname.endsWith(".googleapis.com")) throw new Error(`input "gcp-endpoints": ${url.hostname} is a Google API name; those need no entry (the token resolves toward *.googleapis.com)`);
    if (endpoints.has(originKey(url))) throw new Error(`input "gcp-endpoints": ${url.host} is listed twice`);
    endpoints.set(originKey(url), service);
  }
  return {
    workloadIdentityProvider: provider,
    ...serviceAccount ? { serviceAccount } : {},
    audience,
    lifetimeSeconds: lifetime,
    scopes,
    ...projectId ? { projectId } : {},
    stsEndpoint: origin("gcp-sts-endpoint", "https://sts.googleapis.com"),
    iamCredentialsEndpoint: origin("gcp-iamcredentials-endpoint", "https://iamcredentials.googleapis.com"),
    endpoints
  };
}

// src/action/action-settings.ts
var InputError = class extends Error {
};
function parseMapping(name, text) {
  if (!text.trim()) return void 0;
  let value;
  try {
    value = (0, import_yaml.parse)(text, { maxAliasCount: 0 });
  } catch {
    throw new InputError(`input "${name}" is not valid YAML; expected a mapping such as "contents: read"`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InputError(`input "${name}" must be a mapping such as "contents: read"`);
  for (const [perm, level] of Object.entries(value)) {
    if (level !== "read" && level !== "write") throw new InputError(`input "${name}": ${perm} must be read or write, not ${JSON.stringify(level)}`);
  }
  return value;
}
function readBrokerUrl(getInput2) {
  const brokerUrl = getInput2("broker-url").replace(/\/+$/, "");
  if (!brokerUrl) return void 0;
  let url;
  try {
    url = new URL(brokerUrl);
  } catch {
    throw new InputError('input "broker-url" must be the URL of your Airlock App, e.g. https://airlock.example.com');
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname))) {
    throw new InputError('input "broker-url" must use https (plain http is accepted for localhost only)');
  }
  return brokerUrl;
}
function readServiceUrl(getInput2, name) {
  const value = getInput2(name).replace(/\/+$/, "");
  if (!value) return void 0;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) throw new InputError(`input "${name}" must be an http(s) URL such as https://fulcio.sigstore.dev`);
  return value;
}
function readAttestation(getInput2) {
  const mode = getInput2("attest") || "auto";
  if (mode !== "auto" && mode !== "true" && mode !== "false") throw new InputError('input "attest" must be auto, true or false');
  return {
    mode,
    githubToken: getInput2("github-token") || void 0,
    fulcioUrl: readServiceUrl(getInput2, "fulcio-url"),
    rekorUrl: readServiceUrl(getInput2, "rekor-url"),
    tsaUrl: readServiceUrl(getInput2, "tsa-url")
  };
}
function readContainer(getInput2, sandbox) {
  const image = getInput2("image").trim();
  const engine = getInput2("container-engine").trim() || "auto";
  const entrypoint = getInput2("container-entrypoint").trim() || "airlock";
  if (sandbox !== "container") {
    if (image) throw new InputError('input "image" needs "sandbox: container"');
    return void 0;
  }
  if (!image) throw new InputError(`"sandbox: container" needs "image": the agent's image, built or pulled by an earlier step (name:tag, or name@sha256:<digest> to pin it)`);
  try {
    parseImageReference(image);
  } catch (error2) {
    throw new InputError(`input "image": ${error2.message}`, { cause: error2 });
  }
  if (!CONTAINER_ENGINE_CHOICES.includes(engine)) throw new InputError(`input "container-engine" must be ${CONTAINER_ENGINE_CHOICES.join(", ")}, not ${JSON.stringify(engine)}`);
  if (!CONTAINER_ENTRYPOINT_CHOICES.includes(entrypoint)) throw new InputError(`input "container-entrypoint" must be ${CONTAINER_ENTRYPOINT_CHOICES.join(" or ")}, not ${JSON.stringify(entrypoint)}: airlock (the image's entrypoint never runs) or image (it runs, and must exec "$@")`);
  return { image, engine, ...entrypoint === "image" ? { entrypoint: "image" } : {} };
}
function readSandbox(getInput2) {
  const sandbox = getInput2("sandbox") || "bwrap";
  if (sandbox !== "bwrap" && sandbox !== "container" && sandbox !== "none") throw new InputError(`input "sandbox" must be bwrap (the default), container (the agent's own image, with "image") or none (the agent runs unsandboxed)`);
  const container = readContainer(getInput2, sandbox);
  const egressEnforcement = getInput2("egress-policy") || "block";
  if (egressEnforcement !== "block" && egressEnforcement !== "audit") throw new InputError('input "egress-policy" must be block (the default) or audit (report what block would refuse, refuse nothing)');
  try {
    return { sandbox, ...container ? { container } : {}, egressEnforcement, allowedHosts: parseAllowedHosts(getInput2("allowed-hosts")) };
  } catch (error2) {
    throw new InputError(`input "allowed-hosts": ${error2.message}`, { cause: error2 });
  }
}
function readCaCertificates(getInput2) {
  try {
    return parseCaCertificate(getInput2("ca-certificate"));
  } catch (error2) {
    throw new InputError(`input "ca-certificate": ${error2.message}`, { cause: error2 });
  }
}
function readLlmProvider(provider, apiKeyInput, upstreamInput) {
  const apiKey = apiKeyInput.trim();
  const upstream = upstreamInput.trim().replace(/\/+$/, "");
  if (!apiKey) {
    if (upstream) throw new InputError(`input "${provider}-upstream" needs "${provider}-api-key"`);
    return void 0;
  }
  if (apiKey.length < MIN_KNOWN_VALUE_LENGTH || !/^[\x21-\x7e]+$/.test(apiKey)) throw new InputError(`input "${provider}-api-key" must be an API key: at least ${MIN_KNOWN_VALUE_LENGTH} printable characters, no spaces`);
  if (!upstream) return { apiKey };
  try {
    parseUpstreamOrigin(upstream);
  } catch (error2) {
    if (error2 instanceof GatewayError) throw new InputError(`input "${provider}-upstream": ${error2.message}`, { cause: error2 });
    throw error2;
  }
  return { apiKey, upstream };
}
function readLlm(getInput2) {
  const anthropic = readLlmProvider("anthropic", getInput2("anthropic-api-key"), getInput2("anthropic-upstream"));
  const openai = readLlmProvider("openai", getInput2("openai-api-key"), getInput2("openai-upstream"));
  return { ...anthropic ? { anthropic } : {}, ...openai ? { openai } : {} };
}
function readVault(getInput2) {
  const url = getInput2("vault-url");
  if (!url) {
    if (getInput2("secrets").trim()) throw new InputError('input "secrets" needs "vault-url" (and "vault-role") to read them from');
    return void 0;
  }
  const role = getInput2("vault-role");
  if (!role) throw new InputError('input "vault-role" is required with "vault-url": the Vault JWT role bound to this repository');
  const secrets = parseSecretsInput(getInput2("secrets"));
  if (secrets.length === 0) throw new InputError('input "secrets" is required with "vault-url", e.g. "secret/data/ci/npm token | NPM_TOKEN"');
  return { url: url.replace(/\/+$/, ""), role, mount: getInput2("vault-mount") || "jwt", namespace: getInput2("vault-namespace") || void 0, audience: getInput2("vault-audience") || "vault", secrets };
}
function readPullRequest(getInput2, identity, brokerUrl) {
  const enabled = getInput2("pull-request") || "false";
  if (enabled !== "true" && enabled !== "false") throw new InputError('input "pull-request" must be true or false');
  const branch = getInput2("pull-request-branch").trim();
  const base = getInput2("pull-request-base").trim();
  if (enabled === "false") {
    if (branch || base || getInput2("pull-request-title").trim() || getInput2("pull-request-body").trim()) throw new InputError('inputs "pull-request-*" need "pull-request: true"');
    return void 0;
  }
  if (!brokerUrl) throw new InputError('"pull-request: true" needs "broker-url": the pull request is opened with a token the Airlock App mints for it');
  const refName = /^(?!\/|.*\/\/|.*\.\.|.*@\{|.*\.lock$|.*\/$|.*\.$)[A-Za-z0-9._/-]+$/;
  for (const [name, value] of [["pull-request-branch", branch], ["pull-request-base", base]]) {
    if (value && !refName.test(value)) throw new InputError(`input "${name}" must be a branch name such as airlock/fix-tests, not ${JSON.stringify(value)}`);
  }
  return {
    title: getInput2("pull-request-title").trim() || `Changes proposed by the agent ${identity}`,
    ...branch ? { branch } : {},
    ...base ? { base } : {},
    ...getInput2("pull-request-body").trim() ? { body: getInput2("pull-request-body") } : {}
  };
}
function readMinutes(getInput2, name, fallback, max) {
  const text = getInput2(name).trim() || String(fallback);
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= max)) throw new InputError(`input "${name}" must be a whole number of minutes from 1 to ${max}, not ${JSON.stringify(text)}`);
  return n;
}
function refuseCredentialsUnsandboxed(settings) {
  if (settings.sandbox !== "none") return;
  const given = [settings.brokerUrl ? '"broker-url"' : "", settings.vault ? '"vault-url"' : "", settings.aws ? '"aws-role-to-assume"' : "", settings.gcp ? '"gcp-workload-identity-provider"' : "", settings.azure ? '"azure-client-id"' : "", ...Object.keys(settings.llm).map((p) => `"${p}-api-key"`)].filter(Boolean);
  if (given.length)
    throw new InputError(
      `"sandbox: none" cannot be combined with ${given.join(", ")}: an unsandboxed agent can read this step's own process (its environment holds the job's token and the OIDC request token), so Airlock gives it no credential; use sandbox: bwrap or container, or drop the credential inputs`
    );
}
function readCloud(read, getInput2) {
  try {
    return read(getInput2);
  } catch (error2) {
    throw new InputError(error2.message, { cause: error2 });
  }
}
function readAws(getInput2) {
  try {
    return readAwsSettings(getInput2);
  } catch (error2) {
    throw new InputError(error2.message, { cause: error2 });
  }
}
function readActionSettings(getInput2, env) {
  const brokerUrl = readBrokerUrl(getInput2);
  const vault = readVault(getInput2);
  const identity = getInput2("identity") || "agent";
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(identity)) throw new InputError('input "identity" must name a trust policy: lower-case letters, digits, - and _');
  const agent = getInput2("agent").trim() || "generic";
  if (!AGENT_KINDS.includes(agent)) throw new InputError(`input "agent" must be one of ${AGENT_KINDS.join(", ")}, not ${JSON.stringify(agent)}`);
  const prompt = getInput2("prompt");
  const run = getInput2("run");
  if (!run.trim()) {
    if (agent === "generic") throw new InputError('input "run" is required: the agent command (or set "agent: claude-code" or "agent: codex" and "prompt")');
    if (!prompt.trim()) throw new InputError(`input "prompt" is required with "agent: ${agent}" when "run" is not set: the task for the agent`);
  }
  const model = getInput2("model").trim();
  if (model && !/^[A-Za-z0-9._:/-]{1,100}$/.test(model)) throw new InputError('input "model" must be a model name such as claude-sonnet-4-5 or gpt-5.5 (letters, digits, ".", "_", ":", "/", "-")');
  const toolPaths = getInput2("tool-paths").split(/[\s,]+/).filter(Boolean);
  for (const p of toolPaths) if (!p.startsWith("/")) throw new InputError(`input "tool-paths": ${JSON.stringify(p)} is not an absolute path; list directories such as /opt/hostedtoolcache/node`);
  const tokenEnv = getInput2("token-env") || "GH_TOKEN";
  if (!/^[A-Z_][A-Z0-9_]*$/.test(tokenEnv) || tokenEnv.startsWith("GITHUB_") || tokenEnv.startsWith("ACTIONS_")) {
    throw new InputError('input "token-env" must be an upper-case variable name not starting with GITHUB_ or ACTIONS_ (default GH_TOKEN)');
  }
  if (brokerUrl && vault?.secrets.some((s) => s.envName === tokenEnv)) throw new InputError(`input "secrets" maps a secret to ${tokenEnv}, which "token-env" already uses for the GitHub token`);
  const revokeFailure = getInput2("revoke-failure") || "fail";
  if (revokeFailure !== "fail" && revokeFailure !== "warn") throw new InputError('input "revoke-failure" must be fail or warn');
  const telemetry = getInput2("telemetry") || "true";
  if (telemetry !== "true" && telemetry !== "false") throw new InputError('input "telemetry" must be true or false (default true): whether the run streams its events to the Airlock App at "broker-url"');
  const workspaceHistory = getInput2("workspace-history") || "false";
  if (workspaceHistory !== "true" && workspaceHistory !== "false") throw new InputError('input "workspace-history" must be true or false');
  const repositories = getInput2("repositories").split(/[\s,]+/).filter(Boolean);
  const settings = {
    ...readSandbox(getInput2),
    llm: readLlm(getInput2),
    caCertificates: readCaCertificates(getInput2),
    brokerUrl,
    vault,
    identity,
    permissions: parseMapping("permissions", getInput2("permissions")),
    repositories: repositories.length ? repositories : void 0,
    audience: getInput2("audience") || "airlock",
    run,
    agent,
    ...prompt.trim() ? { prompt } : {},
    ...model ? { model } : {},
    toolPaths,
    tokenEnv,
    revokeFailure,
    telemetry: telemetry === "true",
    attestation: readAttestation(getInput2),
    workingDirectory: getInput2("working-directory") || env.GITHUB_WORKSPACE || process.cwd(),
    workspaceHistory: workspaceHistory === "true",
    timeoutMinutes: readMinutes(getInput2, "timeout-minutes", 60, 360),
    approvalTimeoutMinutes: readMinutes(getInput2, "approval-timeout-minutes", 10, 60)
  };
  const aws = readAws(getInput2);
  if (aws) settings.aws = aws;
  const awsNamed = aws ? vault?.secrets.find((secret) => secret.envName.startsWith("AWS_")) : void 0;
  if (awsNamed) throw new InputError(`input "secrets" maps a secret to ${awsNamed.envName}, and "aws-role-to-assume" gives the agent its AWS_* variables: rename the variable or drop one of them`);
  const gcp = readCloud(readGcpSettings, getInput2);
  if (gcp) settings.gcp = gcp;
  const azure = readCloud(readAzureSettings, getInput2);
  if (azure) settings.azure = azure;
  for (const [given, input, names] of [
    [gcp, "gcp-workload-identity-provider", GCP_AGENT_VARIABLES],
    [azure, "azure-client-id", AZURE_AGENT_VARIABLES]
  ]) {
    const clash = given ? vault?.secrets.find((secret) => names.includes(secret.envName)) : void 0;
    if (clash) throw new InputError(`input "secrets" maps a secret to ${clash.envName}, and "${input}" gives the agent that variable: rename the variable or drop one of them`);
  }
  const pullRequest = readPullRequest(getInput2, identity, brokerUrl);
  if (pullRequest) settings.pullRequest = pullRequest;
  refuseCredentialsUnsandboxed(settings);
  const needs = agent === "claude-code" ? "anthropic" : agent === "codex" ? "openai" : void 0;
  if (needs && !settings.llm[needs]) throw new InputError(`"agent: ${agent}" needs "${needs}-api-key": the agent gets a placeholder for it, and the gateway the key`);
  if (vault?.secrets.some((s) => s.binding?.approval) && !brokerUrl) {
    throw new InputError('input "secrets" marks a secret with "approval", which the Airlock App grants: set "broker-url" too, or drop "approval"');
  }
  return settings;
}

// src/action/broker-client.ts
var BrokerError = class extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
  code;
  status;
};
function brokerClient(baseUrl, retry, fetchImpl = fetch) {
  const call = async (method, path6, auth, body) => {
    const result = await withRetry(retry, async ({ remainingMs }) => {
      const deadline = performance.now() + remainingMs;
      const authorization = await auth();
      const remaining = Math.ceil(deadline - performance.now());
      if (remaining <= 0) return { retry: "timed out" };
      try {
        const response = await fetchImpl(`${baseUrl}${path6}`, {
          method,
          headers: { authorization, "content-type": "application/json", "user-agent": "airlock-action" },
          body: body === void 0 ? void 0 : JSON.stringify(body),
          signal: AbortSignal.timeout(remaining)
        });
        if (response.status < 500) return { done: response };
        await response.body?.cancel().catch(() => void 0);
        return { retry: `HTTP ${response.status}` };
      } catch (error2) {
        return { retry: error2.name === "TimeoutError" ? "timed out" : error2.message };
      }
    });
    if (result.ok) return result.value;
    throw new BrokerError("broker_unavailable", `the Airlock broker at ${baseUrl} did not answer ${method} ${path6} (${result.last})`);
  };
  const fail = async (response) => {
    let code = "broker_error";
    let message = `HTTP ${response.status}`;
    try {
      const body = await response.json();
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
    }
    throw new BrokerError(code, message, response.status);
  };
  return {
    async exchange(oidcToken, request) {
      const response = await call("POST", "/airlock/v1/token", async () => `Bearer ${await oidcToken()}`, request);
      if (response.status !== 200) return fail(response);
      return await response.json();
    },
    async revoke(token) {
      const response = await call("DELETE", "/airlock/v1/token", async () => `token ${token}`);
      if (response.status !== 204) return fail(response);
    },
    async revokeById(oidcToken, tokenId) {
      const response = await call("DELETE", `/airlock/v1/tokens/${encodeURIComponent(tokenId)}`, async () => `Bearer ${await oidcToken()}`);
      if (response.status !== 204) return fail(response);
    }
  };
}

// src/action/credential-record.ts
var STATE_KEY = "credentials";
var VAULT_STATE_KEY = "vault-leftovers";
function parseRecords(text) {
  if (!text) return [];
  const value = JSON.parse(text);
  if (!Array.isArray(value)) throw new Error("airlock state is corrupt: expected a list of credential records");
  return value;
}

// src/action/job-summary.ts
var short = (r) => r.kind === "vault-lease" ? r.id : r.id.slice(0, 8);
var cell = (text) => escapeHtml(text).replace(/\r?\n/g, " ");
function table(header, rows) {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}
function sandboxText(f) {
  if (!f.sandbox) return "not started";
  if (f.sandbox.backend === "none") return "**none** (unsandboxed, no credential)";
  const image = f.sandbox.image ? ` (\`${f.sandbox.image.reference}\`, image ${f.sandbox.image.id.slice(0, 19)}\u2026${f.sandbox.image.pinned ? ", pinned by digest" : ""}${f.sandbox.engine ? `, ${f.sandbox.engine.name} ${f.sandbox.engine.version}` : ""})` : "";
  return `${f.sandbox.backend}${image}, network: ${f.sandbox.network === "proxy" ? "Airlock's egress proxy only" : f.sandbox.network ?? "none"}`;
}
function egressText(f) {
  const e = f.egress;
  if (!e) return "";
  if (e.mode !== "proxy") return e.mode === "none" ? "no network" : "unrestricted";
  const resolved = Object.entries(e.resolutions ?? {}).map(([id, n]) => `${cell(id)} \xD7${n}`);
  return [`${e.requests ?? 0} request(s), ${e.blocked ?? 0} refused`, ...e.enforcement === "audit" ? [`**audit mode**: ${e.wouldBlock ?? 0} request(s) the allow-list would refuse went through`] : [], ...resolved.length ? [`real credentials put in by the proxy: ${resolved.join(", ")}`] : [], ...e.policy ? [`egress policy: ${e.policy.resolved} resolved, ${e.policy.allowed} allowed, ${e.policy.denied} denied`] : []].join("; ");
}
function jobSummary(f) {
  const outcome = f.timedOut ? "stopped at timeout-minutes" : f.exitCode === void 0 ? "did not run" : `exit ${f.exitCode}`;
  const facts = [
    ["Agent", `\`${cell(f.identity)}\` (${cell(f.agent)}), ${outcome}`],
    ["Sandbox", sandboxText(f)]
  ];
  const egress = egressText(f);
  if (egress) facts.push(["Egress", egress]);
  if (f.egressLine) facts.push(["Proxy log", cell(f.egressLine)]);
  if (f.attestation) facts.push(["Attestation", `changeset \`sha256:${f.attestation.changesetDigest}\`${f.attestation.url ? `, [on GitHub](${f.attestation.url})` : ", not uploaded"}`]);
  if (f.pullRequest) facts.push(["Pull request", `[#${f.pullRequest.number}](${f.pullRequest.url})`]);
  if (f.telemetry) facts.push(...telemetryRows(f.telemetry));
  const blocks = ["### Airlock", table(["", ""], facts)];
  if (f.records.length) blocks.push("#### Credentials", credentialsTable(f.records));
  return blocks.join("\n\n") + "\n";
}
function telemetryRows(t) {
  const rows = [["Telemetry", `${t.sent} event(s) sent to the App in ${t.batches} batch(es)${t.dropped ? `, **${t.dropped} not delivered**` : ""}${t.failedBatches ? `, ${t.failedBatches} batch(es) failed` : ""}`]];
  const why = t.reasons.length ? `: ${cell(t.reasons.join("; "))}` : "";
  if (t.revoked) rows.push(["Containment", `**credentials revoked by the App**; the proxy and the gateway stopped resolving placeholders (revoked-by-containment)${why}`]);
  if (t.suspended) rows.push(["Identity", `**suspended by the App** until a human resumes it${t.revoked ? "" : why}`]);
  if (!t.revoked && !t.suspended && t.actions.length) rows.push(["Containment", `${cell(t.actions.join(", "))}${why}`]);
  return rows;
}
function credentialsTable(records) {
  return table(
    ["Credential", "Scope", "Expires", "Minted at", "Revoked at"],
    records.map((r) => [`${r.kind} \`${cell(short(r))}\``, cell(r.scope), r.expiresAt, r.mintedAt, r.revokedAt ?? (r.revocable === false ? `cannot be revoked (${r.kind === "aws-sts" ? "STS" : "access token"}); not resolved after ${r.resolvingStoppedAt ?? "the step"}` : "**not revoked**")])
  );
}

// src/action/vault/vault-request.ts
var DEFAULT_VAULT_RETRY = { attempts: 5, baseDelayMs: 250, deadlineMs: 3e4, attemptTimeoutMs: 1e4 };
var isTransient = (status) => status === 429 || status >= 500;
async function vaultRequest(endpoint, method, path6, options = {}) {
  const retry = endpoint.retry ?? DEFAULT_VAULT_RETRY;
  const fetchImpl = endpoint.fetch ?? fetch;
  const headers = { "user-agent": "airlock-action" };
  if (options.token !== void 0) headers["x-vault-token"] = options.token;
  if (endpoint.namespace) headers["x-vault-namespace"] = endpoint.namespace;
  if (options.body !== void 0) headers["content-type"] = "application/json";
  const result = await withRetry({ ...retry, jitter: true }, async ({ remainingMs }) => {
    try {
      const response = await fetchImpl(`${endpoint.url.replace(/\/+$/, "")}/v1/${path6}`, {
        method,
        headers,
        body: options.body === void 0 ? void 0 : JSON.stringify(options.body),
        signal: AbortSignal.timeout(Math.min(remainingMs, retry.attemptTimeoutMs ?? 1e4))
      });
      const text = await response.text();
      let body;
      try {
        const parsed = text ? JSON.parse(text) : void 0;
        body = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? parsed : void 0;
      } catch {
        body = void 0;
      }
      const errors = Array.isArray(body?.errors) ? body.errors.filter((e) => typeof e === "string") : [];
      if (!isTransient(response.status)) return { done: { status: response.status, body, errors } };
      return { retry: `HTTP ${response.status}${errors.length ? `: ${errors.join("; ")}` : ""}` };
    } catch (error2) {
      return { retry: error2.name === "TimeoutError" ? "timed out" : error2.cause?.message ?? error2.message };
    }
  });
  if (result.ok) return result.value;
  throw new VaultError("vault_unavailable", `Vault at ${endpoint.url} did not answer ${method} /v1/${path6} within ${retry.attempts} attempts / ${retry.deadlineMs} ms (last: ${result.last}); check vault-url and that Vault is reachable from the runner`);
}
var vaultSaid = (response) => response.errors.length ? response.errors.join("; ") : `HTTP ${response.status}`;
var isInvalidToken = (response) => response.status === 403 && response.errors.includes("invalid token");

// src/action/vault/vault-client.ts
var nsNote = (endpoint) => endpoint.namespace ? ` in namespace "${endpoint.namespace}"` : "";
function loginHint(message, role, mount) {
  if (/role .*could not be found/.test(message)) return { code: "vault_role_not_found", hint: `check vault-role: role "${role}" must exist on the JWT auth mount "${mount}"` };
  if (/audience/.test(message)) return { code: "vault_login_refused", hint: `the OIDC token's audience is not in the role's bound_audiences: request the token for an audience the role lists, or add it to bound_audiences` };
  if (/subject|\bsub\b/.test(message)) return { code: "vault_login_refused", hint: `the job's sub claim does not equal the role's bound_subject: fix bound_subject, or run from the repository, ref or environment it names` };
  if (/bound claim|claim ".*" is missing/.test(message)) return { code: "vault_login_refused", hint: `the job's claims do not satisfy the role's bound_claims: check the repository, ref, workflow and environment the role binds` };
  if (/user claim|claim not found/.test(message)) return { code: "vault_login_refused", hint: `the role's user_claim names a claim GitHub's token does not carry: use e.g. "sub" or "repository"` };
  if (/validating token/.test(message)) return { code: "vault_login_refused", hint: `Vault could not verify the OIDC token: check that the JWT auth mount trusts GitHub's issuer (oidc_discovery_url or jwks_url) and that the runner's clock is right` };
  return { code: "vault_login_refused", hint: `check the vault-role "${role}" and the JWT auth mount "${mount}" configuration` };
}
var isPathLike = (value) => /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/.test(value) && !value.split("/").some((s) => s === "." || s === "..");
function checkLoginSettings(options, mount) {
  const invalid = (message) => new VaultError("vault_settings_invalid", message);
  let url;
  try {
    url = new URL(options.url);
  } catch {
    throw invalid(`vault-url "${options.url}" is not a URL; expected e.g. https://vault.example.com:8200`);
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) throw invalid(`vault-url must use https (plain http is allowed only to localhost); got ${url.protocol}//${url.host}`);
  if (url.username || url.password || url.search || url.hash) throw invalid("vault-url must not carry credentials, a query or a fragment");
  if (!isPathLike(mount)) throw invalid(`vault-mount "${mount}" is not an auth mount path; expected e.g. jwt or github-oidc`);
  if (options.namespace !== void 0 && options.namespace !== "" && !isPathLike(options.namespace.replace(/^\/+|\/+$/g, ""))) throw invalid(`vault-namespace "${options.namespace}" is not a namespace path; expected e.g. admin/ci`);
  if (!/^[A-Za-z0-9_.@-]+$/.test(options.role)) throw invalid(`vault-role "${options.role}" is not a role name; expected letters, digits, "_", ".", "-"`);
  if (options.jwt === "") throw invalid('no OIDC token to log in with: the job needs "permissions: id-token: write"');
}
async function vaultLogin(options) {
  const mount = (options.mount ?? "jwt").replace(/^\/+|\/+$/g, "");
  checkLoginSettings(options, mount);
  const endpoint = { url: options.url, namespace: options.namespace, retry: options.retry, fetch: options.fetch };
  const response = await vaultRequest(endpoint, "POST", `auth/${mount}/login`, { body: { role: options.role, jwt: options.jwt } });
  if (response.status === 404) {
    throw new VaultError("vault_mount_not_found", `Vault has no auth mount "${mount}"${nsNote(endpoint)} (${vaultSaid(response)}): check vault-mount (the path the JWT auth method is enabled at) and vault-namespace`, 404);
  }
  if (response.status !== 200) {
    const said = vaultSaid(response);
    const { code, hint } = loginHint(said, options.role, mount);
    throw new VaultError(code, `Vault refused the login to auth/${mount}${nsNote(endpoint)} as role "${options.role}": ${said}; ${hint}`, response.status);
  }
  const auth = response.body?.auth;
  if (typeof auth?.client_token !== "string" || auth.client_token === "") throw new VaultError("vault_bad_response", `Vault answered the login to auth/${mount} without a client token`, response.status);
  const leaseSeconds = typeof auth.lease_duration === "number" ? auth.lease_duration : 0;
  return {
    endpoint,
    mount,
    role: options.role,
    token: auth.client_token,
    accessor: typeof auth.accessor === "string" ? auth.accessor : "",
    policies: Array.isArray(auth.policies) ? auth.policies.filter((p) => typeof p === "string") : [],
    expiresAt: new Date(Date.now() + leaseSeconds * 1e3).toISOString(),
    leases: []
  };
}
function asText(value) {
  return typeof value === "string" ? value : JSON.stringify(value);
}
function readFailure(session, path6, response) {
  const said = vaultSaid(response);
  const kvHint = /^secret\//.test(path6) && !/^secret\/data\//.test(path6) ? `; KV v2 paths include "data/", e.g. secret/data/${path6.slice("secret/".length)}` : "";
  if (isInvalidToken(response)) {
    return new VaultError("vault_token_invalid", `Vault no longer accepts the session's token while reading "${path6}" (${said}): it expired, ran out of uses or was revoked; raise the role's token_ttl or token_num_uses (each secret path costs one use)`, 403);
  }
  if (response.status === 403) return new VaultError("vault_permission_denied", `permission denied reading "${path6}"${nsNote(session.endpoint)}: check that the Vault policy of role "${session.role}" grants "read" on "${path6}"${kvHint}`, 403);
  if (response.status === 404) return new VaultError("vault_secret_not_found", `no secret at "${path6}"${nsNote(session.endpoint)}${kvHint || "; check the path in the secrets input"}`, 404);
  return new VaultError("vault_request_refused", `Vault refused reading "${path6}": ${said}`, response.status);
}
async function readSecrets(session, requests) {
  const byPath = /* @__PURE__ */ new Map();
  for (const request of requests) byPath.set(request.path, [...byPath.get(request.path) ?? [], request]);
  const secrets = [];
  const sensitive = /* @__PURE__ */ new Set();
  for (const [path6, wanted] of byPath) {
    const response = await vaultRequest(session.endpoint, "GET", path6, { token: session.token });
    if (response.status !== 200) throw readFailure(session, path6, response);
    const leaseId = typeof response.body?.lease_id === "string" && response.body.lease_id !== "" ? response.body.lease_id : void 0;
    const data = response.body?.data;
    if (leaseId) {
      session.leases.push({
        leaseId,
        path: path6,
        leaseDurationSeconds: typeof response.body?.lease_duration === "number" ? response.body.lease_duration : 0,
        renewable: response.body?.renewable === true,
        obtainedAt: (/* @__PURE__ */ new Date()).toISOString()
      });
      for (const value of Object.values(data ?? {})) if (typeof value === "string" && value !== "") sensitive.add(value);
    }
    const inner = data?.data;
    const isKv2 = !leaseId && typeof inner === "object" && inner !== null && typeof data?.metadata === "object" && data.metadata !== null;
    const fields = isKv2 ? inner : data;
    for (const request of wanted) {
      const value = fields?.[request.key];
      if (value === void 0 || value === null) {
        const keys = Object.keys(fields ?? {});
        throw new VaultError("vault_key_not_found", `line ${request.line}: the secret at "${path6}" has no key "${request.key}"${keys.length ? ` (it has: ${keys.join(", ")})` : ""}; fix the key in the secrets input`);
      }
      const text = asText(value);
      sensitive.add(text);
      secrets.push({ envName: request.envName, path: path6, key: request.key, value: text, ...leaseId ? { leaseId } : {} });
    }
  }
  return { secrets, env: Object.fromEntries(secrets.map((s) => [s.envName, s.value])), sensitiveValues: [...sensitive] };
}
async function attempt(call) {
  try {
    return await call();
  } catch (error2) {
    return error2 instanceof VaultError ? error2 : new VaultError("vault_unavailable", error2.message);
  }
}
async function revokeAll(session) {
  const leaseItems = [];
  const pending = [];
  const now = () => (/* @__PURE__ */ new Date()).toISOString();
  for (const lease of session.leases) {
    if (lease.revokedAt) {
      leaseItems.push({ kind: "lease", id: lease.leaseId, outcome: "already-revoked", message: `revoked at ${lease.revokedAt}` });
      continue;
    }
    const result = await attempt(() => vaultRequest(session.endpoint, "PUT", "sys/leases/revoke", { token: session.token, body: { lease_id: lease.leaseId } }));
    if (!(result instanceof VaultError) && (result.status === 204 || result.status === 200)) {
      lease.revokedAt = now();
      leaseItems.push({ kind: "lease", id: lease.leaseId, outcome: "revoked", message: "revoked" });
    } else if (!(result instanceof VaultError) && isInvalidToken(result)) {
      lease.revokedAt = now();
      leaseItems.push({ kind: "lease", id: lease.leaseId, outcome: "revoked-with-token", message: "the token is no longer valid; Vault revoked its leases with it" });
    } else {
      pending.push({ index: leaseItems.length, lease, reason: result instanceof VaultError ? result.message : vaultSaid(result) });
      leaseItems.push({ kind: "lease", id: lease.leaseId, outcome: "failed", message: "" });
    }
  }
  const tokenItem = await revokeToken(session);
  const tokenDead = tokenItem.outcome !== "failed";
  for (const { index, lease, reason } of pending) {
    if (tokenDead) {
      lease.revokedAt = now();
      leaseItems[index] = { kind: "lease", id: lease.leaseId, outcome: "revoked-with-token", message: `direct revocation failed (${reason}); revoked with the token` };
    } else {
      leaseItems[index] = { kind: "lease", id: lease.leaseId, outcome: "failed", message: `${reason}; it expires after ${lease.leaseDurationSeconds} s` };
    }
  }
  const items = [...leaseItems, tokenItem];
  return { ok: items.every((item) => item.outcome !== "failed"), items };
}
async function revokeToken(session) {
  const item = (outcome, message) => ({ kind: "token", id: session.accessor, outcome, message });
  if (session.tokenRevokedAt) return item("already-revoked", `revoked at ${session.tokenRevokedAt}`);
  const result = await attempt(() => vaultRequest(session.endpoint, "POST", "auth/token/revoke-self", { token: session.token }));
  if (result instanceof VaultError) return item("failed", `revoke-self failed: ${result.message}`);
  if (isInvalidToken(result)) {
    session.tokenRevokedAt = (/* @__PURE__ */ new Date()).toISOString();
    return item("token-already-invalid", "the token had already expired, run out of uses or been revoked");
  }
  if (result.status !== 204 && result.status !== 200) return item("failed", `revoke-self refused: ${vaultSaid(result)}; the token expires at ${session.expiresAt}`);
  const check = await attempt(() => vaultRequest(session.endpoint, "GET", "auth/token/lookup-self", { token: session.token }));
  if (!(check instanceof VaultError) && check.status === 200) return item("failed", "Vault answered revoke-self but still accepts the token");
  session.tokenRevokedAt = (/* @__PURE__ */ new Date()).toISOString();
  return item("revoked", "revoked; Vault now refuses it");
}

// src/action/vault/revoke-leftovers.ts
function leftoversOf(session) {
  return {
    accessor: session.tokenRevokedAt ? "" : session.accessor,
    leaseIds: session.tokenRevokedAt ? [] : session.leases.filter((l) => !l.revokedAt).map((l) => l.leaseId)
  };
}
async function revokeLeftovers(login, leftovers) {
  if (!leftovers.accessor && leftovers.leaseIds.length === 0) return { ok: true, items: [] };
  let helper;
  try {
    helper = await vaultLogin(login);
  } catch (error2) {
    const message = `could not log in to revoke: ${error2.message}`;
    const items2 = [
      ...leftovers.leaseIds.map((id) => ({ kind: "lease", id, outcome: "failed", message })),
      ...leftovers.accessor ? [{ kind: "token", id: leftovers.accessor, outcome: "failed", message }] : []
    ];
    return { ok: false, items: items2 };
  }
  const call = async (method, path6, body) => {
    try {
      return await vaultRequest(helper.endpoint, method, path6, { token: helper.token, body });
    } catch (error2) {
      return error2;
    }
  };
  const leaseItems = [];
  const pending = [];
  for (const id of leftovers.leaseIds) {
    const result = await call("PUT", "sys/leases/revoke", { lease_id: id });
    if (!(result instanceof VaultError) && (result.status === 204 || result.status === 200)) {
      leaseItems.push({ kind: "lease", id, outcome: "revoked", message: "revoked in post" });
    } else {
      pending.push({ index: leaseItems.length, reason: result instanceof VaultError ? result.message : vaultSaid(result) });
      leaseItems.push({ kind: "lease", id, outcome: "failed", message: "" });
    }
  }
  let tokenItem;
  if (leftovers.accessor) {
    const item = (outcome, message) => ({ kind: "token", id: leftovers.accessor, outcome, message });
    const result = await call("POST", "auth/token/revoke-accessor", { accessor: leftovers.accessor });
    if (result instanceof VaultError) tokenItem = item("failed", result.message);
    else if (result.status === 204 || result.status === 200) tokenItem = item("revoked", "revoked by accessor in post");
    else if (result.status === 400 && result.errors.some((e) => /invalid accessor/.test(e))) tokenItem = item("token-already-invalid", "the token had already expired or been revoked");
    else if (result.status === 403 && !isInvalidToken(result)) {
      tokenItem = item("failed", `permission denied on auth/token/revoke-accessor: grant "update" on it (and on sys/leases/revoke) in the Vault policy of role "${login.role}", or keep token_ttl short`);
    } else tokenItem = item("failed", `revoke-accessor refused: ${vaultSaid(result)}`);
  }
  const tokenDead = tokenItem === void 0 || tokenItem.outcome !== "failed";
  for (const { index, reason } of pending) {
    const id = leftovers.leaseIds[index];
    leaseItems[index] = tokenDead && leftovers.accessor ? { kind: "lease", id, outcome: "revoked-with-token", message: `direct revocation failed (${reason}); revoked with its token` } : { kind: "lease", id, outcome: "failed", message: reason };
  }
  const own = await revokeAll(helper);
  const items = [...leaseItems, ...tokenItem ? [tokenItem] : [], ...own.items];
  return { ok: items.every((i) => i.outcome !== "failed"), items };
}

export {
  getInput,
  setFailed,
  core_exports,
  GatewayError,
  parseUpstreamOrigin,
  RESERVED_SUFFIX,
  runnerNetwork,
  PROMPT_FILE,
  agentPreset,
  azurePlaceholderToken,
  azureCredentialBinding,
  azureAgentEnv,
  gcpPlaceholderToken,
  gcpCredentialBinding,
  gcpAgentEnv,
  readActionSettings,
  BrokerError,
  brokerClient,
  STATE_KEY,
  VAULT_STATE_KEY,
  parseRecords,
  jobSummary,
  credentialsTable,
  vaultLogin,
  readSecrets,
  revokeAll,
  leftoversOf,
  revokeLeftovers
};

/** `container-engine`: which engine runs the agent's container; `auto` takes Docker when its daemon answers, else Podman. */
export type ContainerEngineChoice = 'auto' | 'docker' | 'podman';
export const CONTAINER_ENGINE_CHOICES: readonly ContainerEngineChoice[] = ['auto', 'docker', 'podman'];

/**
 * `container-entrypoint`: `airlock` (default) runs Airlock's launcher as the container's command and
 * never the image's ENTRYPOINT; `image` runs the image's ENTRYPOINT with the launcher as its
 * arguments (`/bin/bash …`), for images whose entrypoint prepares the toolchain and then execs
 * `"$@"`. Either way it runs under the same options, as uid 1000: the image's USER is always
 * overridden (the workspace is lent to that uid, and root is refused).
 */
export type ContainerEntrypoint = 'airlock' | 'image';
export const CONTAINER_ENTRYPOINT_CHOICES: readonly ContainerEntrypoint[] = ['airlock', 'image'];

/** What `sandbox: container` needs besides the shared sandbox options (run-sandboxed.ts). */
export interface ContainerOptions {
  /** The image as the workflow names it (`name[:tag]` or `name@sha256:<digest>`); only ever taken from the engine's local store. */
  readonly image: string;
  /** Default `auto`. */
  readonly engine?: ContainerEngineChoice;
  /** Default `airlock`: the image's ENTRYPOINT never runs. */
  readonly entrypoint?: ContainerEntrypoint;
  /** Memory limit; default three quarters of the host's memory. */
  readonly memoryBytes?: number;
  /** Process limit; default 4096. */
  readonly pidsLimit?: number;
}

/** The image that ran, as the attestation records it (schemas/agent-run-v1.schema.json, sandbox.image). */
export interface ContainerImageFacts {
  /** As the workflow named it. */
  readonly reference: string;
  /** The image ID (`sha256:` of its configuration): what the container was started from. */
  readonly id: string;
  /** `name@sha256:<manifest digest>` as the engine knows them; empty for an image built locally and never pushed or pulled (Docker). */
  readonly repoDigests: readonly string[];
  /** The reference named a digest, and the image matched it. */
  readonly pinned: boolean;
}

export interface ContainerRunFacts {
  readonly engine: { readonly name: 'docker' | 'podman'; readonly version: string };
  readonly image: ContainerImageFacts;
}

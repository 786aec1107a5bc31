import { engineCommand, type ContainerEngine } from './container-engine.js';
import type { ContainerImageFacts } from './container-options.js';
import { SandboxError } from './sandbox-error.js';

/**
 * Image references as Docker and Podman write them: `[registry[:port]/]path[:tag][@sha256:<hex>]`.
 * Checked before anything is run, so a reference can never be read as an option (a leading `-`).
 * https://github.com/distribution/reference/blob/main/reference.go
 */
const REFERENCE = /^(?<name>[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>sha256:[0-9a-f]{64}))?$/;

export interface ImageReference {
  readonly name: string;
  readonly tag?: string;
  /** `sha256:<hex>` when the reference pins a digest. */
  readonly digest?: string;
}

/** Parses a reference; throws `invalid-options` naming the expected form. */
export function parseImageReference(reference: string): ImageReference {
  const m = REFERENCE.exec(reference);
  if (!m || reference.length > 512)
    throw new SandboxError('invalid-options', `image ${JSON.stringify(reference)} is not an image reference; expected name[:tag] or name@sha256:<64 hex digits>, e.g. ghcr.io/acme/agent@sha256:…`);
  const { name, tag, digest } = m.groups!;
  return { name: name!, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

export interface InspectedImage extends ContainerImageFacts {
  /** The image's own variables (`ENV`), `NAME=value`. */
  readonly env: readonly string[];
}

interface EngineImage {
  Id?: string;
  RepoDigests?: string[] | null;
  Config?: { Env?: string[] | null } | null;
}

/**
 * Looks the image up in the engine's local store, by digest when the reference pins one. Airlock
 * never pulls (the run would depend on a registry and its credentials at an unrecorded moment):
 * an image that is not there is `image-missing`, before anything else happens. A pinned digest must
 * be among the image's repository digests, or the image is refused.
 */
export async function inspectImage(engine: ContainerEngine, reference: string): Promise<InspectedImage> {
  const parsed = parseImageReference(reference);
  const r = await engineCommand(engine, ['image', 'inspect', reference], { timeoutMs: 60_000 });
  let image: EngineImage | undefined;
  try {
    image = r.code === 0 ? (JSON.parse(r.stdout) as EngineImage[])[0] : undefined;
  } catch {
    image = undefined;
  }
  if (!image?.Id) {
    const why = r.stderr.trim().split('\n').at(-1)?.slice(0, 300) ?? '';
    throw new SandboxError(
      'image-missing',
      `image ${reference} is not in ${engine.name}'s local store${why ? ` (${why})` : ''}: Airlock never pulls images; build or pull it in an earlier step (for example "${engine.name} pull ${reference}" or "${engine.name} build -t ${reference} .")`,
    );
  }
  const id = image.Id.startsWith('sha256:') ? image.Id : `sha256:${image.Id}`;
  if (!/^sha256:[0-9a-f]{64}$/.test(id)) throw new SandboxError('image-missing', `${engine.name} reports image ${reference} with an ID that is not a sha256 digest (${JSON.stringify(image.Id)})`);
  const repoDigests = (image.RepoDigests ?? []).filter((d) => /@sha256:[0-9a-f]{64}$/.test(d));
  if (parsed.digest && !repoDigests.some((d) => d.endsWith(`@${parsed.digest}`)))
    throw new SandboxError('image-missing', `image ${reference} pins ${parsed.digest}, and the image ${engine.name} has under that name does not carry it (its digests: ${repoDigests.join(', ') || 'none'})`);
  return { reference, id, repoDigests, pinned: parsed.digest !== undefined, env: image.Config?.Env ?? [] };
}

// The project's .proto files loaded by reflection, for tests that want a message as a plain object.
// The shipped generated code has no toObject()/fromObject() (nothing in the product calls them, and
// every function it carries stays in the heap each major GC walks), so tests get them from here:
// protobufjs builds the same converters from the same declarations.
import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import { readProtoTree } from '../integration/protocol/spark-protos';
import { projectRoot } from './servers';

let root: protobuf.Root | undefined;

/** The reflected type `name` (for example `spark.connect.Relation`), loaded once per process. */
export function reflectedType(name: string): protobuf.Type {
  if (root === undefined) {
    const protoDir = join(projectRoot(), 'proto');
    const loaded = new protobuf.Root();
    loaded.resolvePath = (_origin, target) => (target.startsWith('/') ? target : join(protoDir, target));
    loaded.loadSync([...readProtoTree(protoDir).keys()].map((file) => join(protoDir, file)), { keepCase: false });
    loaded.resolveAll();
    root = loaded;
  }
  return root.lookupType(name);
}

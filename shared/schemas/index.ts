// The domain schemas, one file per object; import from here.
export * from './common';
export * from './planning';
export * from './project';
export * from './source';
export * from './step';
export * from './task';

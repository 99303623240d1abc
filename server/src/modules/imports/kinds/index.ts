// Each kind registers itself; a new kind of import is one more line here.
import './buildings.ts';
import './cameras.ts';
import './progress.ts';

package org.brickbox.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.brickbox.embed.DjlEngine;
import org.brickbox.pipeline.progress.ProgressOptions;
import org.brickbox.pipeline.store.StoreOptions;

/**
 * Every option of a BrickBox run; `./brickbox run --help` lists them with these descriptions. Options that change
 * nothing a run writes (progress display) or say where else it goes (PostgreSQL, S3: {@link StoreOptions}) live in
 * their own interfaces, outside the options hash.
 */
public interface BrickBoxOptions extends PipelineOptions, ProgressOptions, StoreOptions {

  // ---- where things are
  @Description("LDraw library root (the folder with LDConfig.ldr, parts/, p/). Default: $LDRAW_DIR, then the "
      + "per-user cache filled by `./brickbox setup`.")
  String getLdrawDir();
  void setLdrawDir(String value);

  @Description("Output directory (local path or any Beam FileSystem URI).")
  @Default.String("out")
  String getOut();
  void setOut(String value);

  // ---- which parts
  @Description("Comma-separated part ids to build, e.g. 3001,3003,3069b. Overrides the library filters.")
  String getParts();
  void setParts(String value);

  @Description("File with one part id per line ('#' starts a comment). Combined with --parts.")
  String getPartsFile();
  void setPartsFile(String value);

  @Description("When no ids are given: comma-separated categories to include (e.g. Brick,Plate); empty = all.")
  @Default.String("")
  String getCategories();
  void setCategories(String value);

  @Description("When filtering the library: leave out '~' aliases and '~Moved to' parts.")
  @Default.Boolean(true)
  Boolean getExcludeAliases();
  void setExcludeAliases(Boolean value);

  @Description("When filtering the library: leave out stickers.")
  @Default.Boolean(true)
  Boolean getExcludeStickers();
  void setExcludeStickers(Boolean value);

  @Description("When filtering the library: leave out patterned (printed) parts.")
  @Default.Boolean(false)
  Boolean getExcludePatterned();
  void setExcludePatterned(Boolean value);

  @Description("When filtering the library: leave out minifig parts.")
  @Default.Boolean(false)
  Boolean getExcludeMinifig();
  void setExcludeMinifig(Boolean value);

  @Description("Build at most this many of the selected parts (in id order); 0 = no limit.")
  @Default.Integer(0)
  Integer getMaxParts();
  void setMaxParts(Integer value);

  @Description("Build N of the selected parts spread evenly over the selection (deterministic); 0 = all. A quick "
      + "preview or cost estimate of a whole-library build.")
  @Default.Integer(0)
  Integer getSampleParts();
  void setSampleParts(Integer value);

  // ---- render
  @Description("Image width and height in pixels (64-1024).")
  @Default.Integer(224)
  Integer getImageSize();
  void setImageSize(Integer value);

  @Description("Supersampling factor per axis for anti-aliasing (1 = off).")
  @Default.Integer(2)
  Integer getSupersampling();
  void setSupersampling(Integer value);

  @Description("Viewpoints rendered per part. 72 by default: a photo is matched against a part's reference views, "
      + "and 72 (64 references after the held-out views) cover its resting poses, sides and undersides densely "
      + "enough that the photo benchmark gains over 24 (BENCHMARKS.md, \"Reference views per part\").")
  @Default.Integer(72)
  Integer getViews();
  void setViews(Integer value);

  @Description("Lowest camera elevation in degrees (negative looks from below).")
  @Default.Double(-15)
  Double getMinElevation();
  void setMinElevation(Double value);

  @Description("Highest camera elevation in degrees.")
  @Default.Double(65)
  Double getMaxElevation();
  void setMaxElevation(Double value);

  @Description("Maximum seeded rotation jitter of the part, in degrees.")
  @Default.Double(8)
  Double getRotationJitter();
  void setRotationJitter(Double value);

  @Description("Part colour: 'palette' picks a seeded colour per view from --palette; a number fixes one LDraw "
      + "colour code for every view.")
  @Default.String("palette")
  String getColour();
  void setColour(String value);

  @Description("LDraw colour codes to draw from when --colour=palette (empty = the built-in palette of common "
      + "solid LEGO colours).")
  @Default.String("")
  String getPalette();
  void setPalette(String value);

  @Description("Background: PLAIN, GRADIENT, NOISE or MIXED (a seeded choice per view).")
  @Default.String("MIXED")
  String getBackground();
  void setBackground(String value);

  @Description("A fixed plain background colour as hex RRGGBB (e.g. 1B2A34), instead of seeded colours kept apart from "
      + "the part's; needs --background=PLAIN. Empty = seeded. For reproducing hard cases such as black on black.")
  @Default.String("")
  String getBackgroundColour();
  void setBackgroundColour(String value);

  @Description("Draw LDraw edge lines (type 2) and conditional lines (type 5); CAD style only.")
  @Default.Boolean(true)
  Boolean getEdges();
  void setEdges(Boolean value);

  @Description("Render style: PHOTO (glossy plastic in a resting pose on a real surface, soft lights and shadows, a "
      + "close-up camera with blur, noise and JPEG; no edge lines) or CAD (flat-lit with edge lines on synthetic "
      + "backgrounds; the elevation, jitter, background and edge options shape only this style).")
  @Default.String("PHOTO")
  String getStyle();
  void setStyle(String value);

  @Description("PHOTO: the key light casts soft shadows on the surface and on the part.")
  @Default.Boolean(true)
  Boolean getShadows();
  void setShadows(Boolean value);

  @Description("PHOTO: the surface darkens under and beside the part (contact shadow).")
  @Default.Boolean(true)
  Boolean getContactShadows();
  void setContactShadows(Boolean value);

  @Description("PHOTO: parts lie in stable resting poses from their convex hull and centre of mass (false: free poses).")
  @Default.Boolean(true)
  Boolean getRestingPoses();
  void setRestingPoses(Boolean value);

  @Description("PHOTO: share of views with the part in a seeded orientation over the whole sphere (0..1).")
  @Default.Double(0.15)
  Double getFreePoses();
  void setFreePoses(Double value);

  @Description("PHOTO: share of views from below through a glass surface, like a sorting machine's camera (0..1).")
  @Default.Double(0.15)
  Double getUndersideViews();
  void setUndersideViews(Double value);

  @Description("PHOTO: range of the seeded 35 mm-equivalent focal length in mm, MIN-MAX (one number fixes it).")
  @Default.String("24-105")
  String getFocalLength();
  void setFocalLength(String value);

  @Description("PHOTO: range of the framing, MIN-MAX: the part's bounding-sphere radius over half the frame; above 1 "
      + "the part is cut by the border.")
  @Default.String("0.45-1.25")
  String getFraming();
  void setFraming(String value);

  @Description("PHOTO: seeded real surfaces under the part (plain, paper, belt, wood); false: plain light grey.")
  @Default.Boolean(true)
  Boolean getSurfaces();
  void setSurfaces(Boolean value);

  @Description("PHOTO: glossy highlights and reflections by LDraw finish (false: diffuse only).")
  @Default.Boolean(true)
  Boolean getSpecular();
  void setSpecular(Boolean value);

  @Description("PHOTO: seeded per-view deviation of the part's colour, relative (0..0.2).")
  @Default.Double(0.04)
  Double getColourVariation();
  void setColourVariation(Double value);

  @Description("PHOTO: camera effects applied to each image: 'all', 'none', or a comma list of defocus, motion, "
      + "exposure, whiteBalance, noise, vignetting, resample, jpeg.")
  @Default.String("all")
  String getCameraEffects();
  void setCameraEffects(String value);

  @Description("Run seed: with the render key it derives every random choice (views, lights, background, colour).")
  @Default.Long(42)
  Long getSeed();
  void setSeed(Long value);

  @Description("Image format: PNG (lossless) or WEBP.")
  @Default.String("PNG")
  String getImageFormat();
  void setImageFormat(String value);

  @Description("WebP quality 1-100 when --imageFormat=WEBP.")
  @Default.Integer(80)
  Integer getWebpQuality();
  void setWebpQuality(Integer value);

  @Description("PNG compression level 0-9: 1 is tuned for speed (one filter, run-length deflate), 2-9 are zlib's "
      + "levels (higher is smaller and slower).")
  @Default.Integer(1)
  Integer getPngCompression();
  void setPngCompression(Integer value);

  // ---- robustness and layout
  @Description("A part whose flattened geometry exceeds this many triangles is rejected (dead letter).")
  @Default.Integer(2_000_000)
  Integer getMaxTriangles();
  void setMaxTriangles(Integer value);

  @Description("A part whose estimated heap while rendering (its flattened geometry, render preparation and one "
      + "renderer's buffers, from the triangle and line counts known before any geometry is built) exceeds this many "
      + "MB is rejected (dead letter naming the estimate), so one huge part cannot take a worker down with an "
      + "OutOfMemoryError. The largest official part is estimated at 80 MB.")
  @Default.Integer(512)
  Integer getMaxPartHeapMb();
  void setMaxPartHeapMb(Integer value);

  @Description("A part whose sub-files nest deeper than this is rejected (dead letter naming the line); the part "
      + "itself is level 0. The official library nests 9 deep.")
  @Default.Integer(32)
  Integer getMaxSubFileDepth();
  void setMaxSubFileDepth(Integer value);

  @Description("A part that references more distinct files than this (itself included) is rejected (dead letter). "
      + "The largest official closure holds 165.")
  @Default.Integer(2_000)
  Integer getMaxSubFiles();
  void setMaxSubFiles(Integer value);

  @Description("A --photos file larger than this many bytes is a dead letter naming the limit, refused from its size "
      + "before it is read or hashed.")
  @Default.Long(64L << 20)
  Long getMaxPhotoBytes();
  void setMaxPhotoBytes(Long value);

  @Description("A --photos photo whose header declares more pixels than this is a dead letter naming the limit, "
      + "refused before it is decoded (a small file can declare 30,000 x 30,000). 50 MP admits a 48 MP phone photo.")
  @Default.Long(50_000_000L)
  Long getMaxPhotoPixels();
  void setMaxPhotoPixels(Long value);

  @Description("An LDraw file larger than this many bytes is refused from its size, before it is read; the parts "
      + "that use it become dead letters. The largest official file is 1.06 MB.")
  @Default.Long(16L << 20)
  Long getMaxLDrawFileBytes();
  void setMaxLDrawFileBytes(Long value);

  @Description("The most images a run plans on the DirectRunner (0: no limit). The DirectRunner is for development: "
      + "it copies and re-encodes every element for its checks and gathers the fuse stage's views on one key, so "
      + "a large run crawls; above this it stops before any work and names the command that runs the same graph on "
      + "Flink's embedded cluster on this machine (same outputs).")
  @Default.Integer(10_000)
  Integer getDirectRunnerMaxImages();
  void setDirectRunnerMaxImages(Integer value);

  @Description("Views of one part rendered per task: smaller spreads work more evenly over workers, larger loads "
      + "each part fewer times. Does not change any output.")
  @Default.Integer(8)
  Integer getViewsPerTask();
  void setViewsPerTask(Integer value);

  @Description("Number of shards of records/renders-*.jsonl (fixed so reruns replace the same files).")
  @Default.Integer(4)
  Integer getRecordShards();
  void setRecordShards(Integer value);

  // ---- embed
  @Description("Run the embed stage after render (false stops after render; the manifest then marks embed pending).")
  @Default.Boolean(true)
  Boolean getEmbed();
  void setEmbed(Boolean value);

  @Description("Embedding model: 'builtin' (trained by BrickBox, shipped in the jar: the photographic model, or for "
      + "--style=CAD the one trained on CAD renders; 'builtin:photo' or 'builtin:cad' names one), 'brickbox:<dir>' (a model "
      + "written by ./brickbox train) or 'torchscript:<file.pt>[?preset=clip|imagenet|brickbox&size=224&crop=0.875"
      + "&mean=r,g,b&std=r,g,b]' (an external TorchScript image model; its output size is read from the model).")
  @Default.String("builtin")
  String getModel();
  void setModel(String value);

  @Description("Images per forward pass of the embedding model.")
  @Default.Integer(32)
  Integer getEmbedBatchSize();
  void setEmbedBatchSize(Integer value);

  @Description("Longest time in milliseconds an incomplete batch waits for more images before it is embedded.")
  @Default.Long(2000)
  Long getEmbedMaxBufferingMs();
  void setEmbedMaxBufferingMs(Long value);

  @Description("Keys images are spread over for batching: parallelism of batch assembly, and the most incomplete "
      + "batches a run ends with.")
  @Default.Integer(2)
  Integer getEmbedBatchKeys();
  void setEmbedBatchKeys(Integer value);

  @Description("Where each worker embeds: AUTO (the GPU when PyTorch sees one, else the CPU), CPU, or GPU (a GPU or "
      + "the job fails at model load saying why: CPU-only natives without mvn -Pcuda, or no CUDA device visible). "
      + "Each worker logs the device once when it loads the model; every embed_batch record names it.")
  @Default.Enum("AUTO")
  DjlEngine.Placement getEmbedDevice();
  void setEmbedDevice(DjlEngine.Placement value);

  @Description("PyTorch intra-op threads per worker JVM (0 = PyTorch's default, one per core). 1 by default: the "
      + "other stages and parallel subtasks already fill the cores, and PyTorch's OpenMP threads that must meet at "
      + "every layer spin instead of working when they are descheduled (half the embed stage's CPU on 2 cores).")
  @Default.Integer(1)
  Integer getEmbedThreads();
  void setEmbedThreads(Integer value);

  @Description("Number of shards of embeddings/vectors-*.npy + .jsonl (fixed so reruns replace the same files).")
  @Default.Integer(4)
  Integer getVectorShards();
  void setVectorShards(Integer value);

  @Description("Where DJL extracts the PyTorch natives (about 430 MB, once per directory). Default: $DJL_CACHE_DIR, "
      + "else ~/.djl.ai.")
  String getDjlCacheDir();
  void setDjlCacheDir(String value);

  // ---- fuse
  @Description("Run the fuse stage after embed: build the reference index (OUT/index/) and measure identification "
      + "of held-out views (manifest 'accuracy').")
  @Default.Boolean(true)
  Boolean getFuse();
  void setFuse(Boolean value);

  @Description("A folder of your own labelled photos, DIR/<partId>/<capture>_<side>.jpg (as bench photos reads): each "
      + "photo is prepared as identify prepares one, embedded and added to the index as a reference view marked as a "
      + "photo, beside the renders. Files that are not usable photos are dead letters with the reason. A rerun "
      + "reuses the references of photos whose bytes and model are unchanged. Empty: renders only.")
  @Default.String("")
  String getPhotos();
  void setPhotos(String value);

  @Description("--photos taken by a calibrated camera: a file of lines <partId>/<file><TAB><pixels per millimetre at "
      + "the part> (as bench photos --calibration reads and ./brickbox calibrate --calibration writes). Each named "
      + "photo's reference then carries the part's size in millimetres, which photos identified at a known scale are "
      + "compared by. Empty: none.")
  @Default.String("")
  String getPhotosCalibration();
  void setPhotosCalibration(String value);

  @Description("--photos taken by one calibrated camera: its pixels per millimetre at the part, for every photo "
      + "--photosCalibration does not name. Empty: unknown (the references have no size).")
  @Default.String("")
  String getPhotosPixelsPerMm();
  void setPhotosPixelsPerMm(String value);

  @Description("Views per part held out of the index as queries to measure top-1/top-5 (seeded split per part).")
  @Default.Integer(4)
  Integer getFuseQueryViews();
  void setFuseQueryViews(Integer value);

  @Description("Views per part held out of the index to fit the fusion weights (0 = embedding-only weights).")
  @Default.Integer(4)
  Integer getFuseValidationViews();
  void setFuseValidationViews(Integer value);

  @Description("Seed of the per-part reference/validation/query view split; -1 = the run's --seed.")
  @Default.Long(-1)
  Long getFuseSplitSeed();
  void setFuseSplitSeed(Long value);

  @Description("Views of one part fused together in the multi-view evaluation.")
  @Default.Integer(3)
  Integer getFuseGroupSize();
  void setFuseGroupSize(Integer value);

  @Description("An identification whose first and second fused scores differ by less than this is flagged ambiguous.")
  @Default.Double(0.02)
  Double getAmbiguousMargin();
  void setAmbiguousMargin(Double value);

  @Description("Reference index search: auto (exact up to --indexExactLimit vectors, Lucene HNSW above), exact or hnsw.")
  @Default.String("auto")
  String getIndexSearch();
  void setIndexSearch(String value);

  // 5,000: the 20-part demo and 200 parts x 24 views stay exact; at 200 parts x 72 views (12,500 references) HNSW
  // gave the same fit, accuracy and photo answers as exact search and cut serve's fusion from 16 to 4 ms a photo
  // (BENCHMARKS.md, "Serve").
  @Description("Largest index searched exactly when --indexSearch=auto.")
  @Default.Integer(5000)
  Integer getIndexExactLimit();
  void setIndexExactLimit(Integer value);

  @Description("HNSW: neighbours per graph node (Lucene's maxConn).")
  @Default.Integer(16)
  Integer getHnswMaxConnections();
  void setHnswMaxConnections(Integer value);

  @Description("HNSW: candidate list size while building the graph (Lucene's beamWidth).")
  @Default.Integer(100)
  Integer getHnswBeamWidth();
  void setHnswBeamWidth(Integer value);

  @Description("HNSW: candidates explored per query (higher = better recall, slower).")
  @Default.Integer(100)
  Integer getHnswEfSearch();
  void setHnswEfSearch(Integer value);

  // ---- incremental rebuild and retrain triggers
  @Description("Rebuild into an existing --out incrementally: keep every image whose inputs (part file closure, "
      + "colour definition, render settings, renderer version) are unchanged since the previous run, and its "
      + "vector unless the model changed; render and embed only the rest. A rerun with nothing changed only "
      + "records a manifest. false renders everything. Outputs are the same either way.")
  @Default.Boolean(true)
  Boolean getIncremental();
  void setIncremental(Boolean value);

  @Description("Retrain rule thresholds: a JSON file (*.json) or name=value pairs, e.g. "
      + "'accuracyDrop=0.05,window=10'. Names: qualityDegradation (0.02), accuracyDrop (0.03), consecutiveFailures "
      + "(3), newDataImages (1000), maxModelAgeDays (30), window (5), minHistory (2). Empty = those defaults.")
  @Default.String("")
  String getTriggerThresholds();
  void setTriggerThresholds(String value);

  // ---- QA (thresholds: README "QA"; each --qaMin*/--qaMax* overrides the file and the defaults)
  @Description("Run the QA stage: measure every image, quarantine failing ones (qa/quarantine.jsonl), summarise.")
  @Default.Boolean(true)
  Boolean getQa();
  void setQa(Boolean value);

  @Description("JSON file of QA thresholds (any subset; see qa-thresholds.sample.json). Default: built-in defaults.")
  String getQaThresholds();
  void setQaThresholds(String value);

  @Description("Output directory of a previous build: each image is compared (SSIM) with the same key's image there. "
      + "Default: none (SSIM only where OUT/previous/ holds a replaced image).")
  String getQaBaseline();
  void setQaBaseline(String value);

  @Description("QA: least variance of the Laplacian (sharpness). Default: thresholds file, else 20.")
  Double getQaMinSharpness();
  void setQaMinSharpness(Double value);

  @Description("QA: least part-against-background SNR in dB. Default: thresholds file, else -35.")
  Double getQaMinSnrDb();
  void setQaMinSnrDb(Double value);

  @Description("QA: least silhouette contrast, RGB distance 0-441. Default: thresholds file, else 30.")
  Double getQaMinContrast();
  void setQaMinContrast(Double value);

  @Description("QA: least share of the frame the part covers. Default: thresholds file, else 0.02.")
  Double getQaMinCoverage();
  void setQaMinCoverage(Double value);

  @Description("QA: largest share of the frame the part covers. Default: thresholds file, else 0.85.")
  Double getQaMaxCoverage();
  void setQaMaxCoverage(Double value);

  @Description("QA: largest share of the frame's edge pixels the part covers (clipping). Default: thresholds file, else 0.")
  Double getQaMaxBorder();
  void setQaMaxBorder(Double value);

  @Description("QA: largest share of part pixels blown out (luminance >= 250). Default: thresholds file, else 0.9.")
  Double getQaMaxSaturated();
  void setQaMaxSaturated(Double value);

  @Description("QA: largest share of part pixels crushed (luminance <= 5). Default: thresholds file, else 0.5.")
  Double getQaMaxCrushed();
  void setQaMaxCrushed(Double value);

  @Description("QA: least SSIM with the previous build's image of the key. Default: thresholds file, else 0.9.")
  Double getQaMinSsim();
  void setQaMinSsim(Double value);

  @Description("QA: a view whose pHash is within this many bits of an earlier view of the part is a near-duplicate "
      + "(-1 = off). Default: thresholds file, else 2.")
  Integer getQaNearDuplicateBits();
  void setQaNearDuplicateBits(Integer value);

  @Description("QA: largest cosine distance from a view's vector to the nearest other view of its part. Default: "
      + "thresholds file, else 0.6.")
  Double getQaMaxEmbeddingDistance();
  void setQaMaxEmbeddingDistance(Double value);
}

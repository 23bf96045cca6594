<?php
// A PHP client reusing one curl handle for every request to the demo server.
$ch = curl_init();
curl_setopt($ch, CURLOPT_URL, 'http://127.0.0.1:8765/sync');
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
for ($i = 0; $i < 20; $i++) {
    $body = curl_exec($ch);
    if ($body === false) {
        echo 'error: ', curl_error($ch), PHP_EOL;
    } else {
        echo 'ok ', $body, PHP_EOL;
    }
    usleep(1500000);
}
curl_close($ch);

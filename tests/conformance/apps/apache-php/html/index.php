<?php
header('Content-Type: text/plain; charset=UTF-8');
echo "php ", PHP_MAJOR_VERSION, "\n";
echo "upper: ", mb_strtoupper("grüße aus köln"), "\n";
echo "json: ", json_encode(["a" => 1, "b" => [2, 3]]), "\n";
echo "sapi: ", php_sapi_name(), "\n";
